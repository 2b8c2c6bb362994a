import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

MIN_SEARCH_LENGTH = 2
MAX_QUANTITY = 99
MAX_ADJUSTMENT = 10_000
_REWARD_FIELD = re.compile(r"reward_(\d+)")


class DeskSearchForm(forms.Form):
    """Find a person at the desk: a scanned or typed desk code, part of a name, or a whole email address."""

    code = forms.CharField(
        label=_("Desk code"),
        required=False,
        max_length=200,
        help_text=_("Scan the person's QR code or type the 8 characters, e.g. ABCD-EFGH."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "data-desk-code": ""}
        ),
    )
    q = forms.CharField(
        label=_("Name or whole email address"),
        required=False,
        max_length=254,
        help_text=_("At least 2 characters of the name, or the whole email address."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()

    def clean_q(self):
        return self.cleaned_data["q"].strip()


class RedeemForm(forms.Form):
    """One quantity field per active reward; `items()` gives what the service wants."""

    def __init__(self, *args, rewards, **kwargs):
        super().__init__(*args, **kwargs)
        self.rewards = list(rewards)
        for reward in self.rewards:
            if reward.stock is None:
                stock = _("unlimited")
            elif reward.stock == 0:
                stock = _("out of stock")
            else:
                stock = ngettext("%(stock)s left", "%(stock)s left", reward.stock) % {"stock": reward.stock}
            field = forms.IntegerField(
                label=str(reward),
                required=False,
                min_value=0,
                max_value=MAX_QUANTITY,
                widget=forms.NumberInput(
                    attrs={
                        "min": 0,
                        "max": MAX_QUANTITY,
                        "step": 1,
                        "inputmode": "numeric",
                        "placeholder": "0",
                        "data-cost": reward.cost,
                    }
                ),
            )
            if reward.stock == 0 and not self.is_bound:
                # Only a hint: a quantity posted anyway still reaches the service, which refuses it.
                field.widget.attrs["disabled"] = True
            field.stock_label = stock
            self.fields[self.field_name(reward)] = field

    @staticmethod
    def field_name(reward) -> str:
        return f"reward_{reward.pk}"

    def reward_fields(self):
        return [(self[self.field_name(reward)], reward) for reward in self.rewards]

    def items(self) -> list[tuple[int, int]]:
        return [
            (reward.pk, self.cleaned_data[self.field_name(reward)])
            for reward in self.rewards
            if self.cleaned_data.get(self.field_name(reward))
        ] + self.other_items

    def clean(self):
        cleaned = super().clean()
        # A reward deactivated (or from elsewhere) after the page was shown is passed on, not dropped:
        # the service refuses it by name instead of handing out the rest silently.
        self.other_items = []
        for key, value in self.data.items():
            match = _REWARD_FIELD.fullmatch(key)
            if match and key not in self.fields and value.strip().isdigit() and int(value) > 0:
                self.other_items.append((int(match[1]), min(int(value), MAX_QUANTITY)))
        if not self.errors and not self.items():
            raise forms.ValidationError(_("Choose at least one reward."), code="empty")
        return cleaned


class AdjustPointsForm(forms.Form):
    amount = forms.IntegerField(
        label=_("Points"),
        min_value=-MAX_ADJUSTMENT,
        max_value=MAX_ADJUSTMENT,
        help_text=_("Positive to add points, negative (e.g. -5) to take them away."),
        # No inputmode "numeric": phone keypads in that mode have no minus sign.
        widget=forms.NumberInput(attrs={"step": 1}),
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=200,
        help_text=_("Recorded in the points history with your name."),
    )

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount == 0:
            raise forms.ValidationError(_("An adjustment needs a non-zero number of points."), code="zero")
        return amount

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the points are adjusted."), code="no_reason")
        return reason


class VoidRedemptionForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have taken the rewards back (or they were never handed out)."),
        required=True,
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=200,
        required=False,
        help_text=_("Optional; recorded in the points history."),
    )
