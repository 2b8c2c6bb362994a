"""Form widgets written out in Python where Django's templates cost too much."""

import html

from django import forms
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """forms.Select's markup, written in Python: Django renders every option through two templates, and
    the schedule's and the board's filters offer hundreds (every track, community and room), which took longer than the
    day's sessions. Flat choices only (no groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = []
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            selected = " selected" if text in chosen else ""
            chosen.discard(text)  # like forms.Select: only the first option with the value
            options.append(f'  <option value="{html.escape(text)}"{selected}>{html.escape(str(label))}</option>\n')
        attributes = [f' name="{html.escape(name)}"']
        for key, attribute in self.build_attrs(self.attrs, attrs).items():
            if attribute is True:
                attributes.append(f" {key}")
            elif attribute is not False and attribute is not None:
                attributes.append(f' {key}="{html.escape(str(attribute))}"')
        return mark_safe(f"<select{''.join(attributes)}>\n{''.join(options)}</select>")  # escaped above
