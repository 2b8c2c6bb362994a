import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Reward

MIN_SEARCH_LENGTH = 2
MAX_QUANTITY = 99
MAX_ADJUSTMENT = 10_000
REWARD_FIELD_PREFIX = "reward_"
# A reward's field name as field_name() writes it: ASCII digits, no leading zero, few enough for any
# database's integer.
_REWARD_FIELD = re.compile(r"reward_[1-9][0-9]{0,8}")


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


def quantity_field(**kwargs) -> forms.IntegerField:
    """How many of a reward: a whole number from 0 to MAX_QUANTITY, whatever is posted."""
    return forms.IntegerField(required=False, min_value=0, max_value=MAX_QUANTITY, **kwargs)


class RedeemForm(forms.Form):
    """One quantity field per active reward of the edition; `items()` gives what the service wants."""

    def __init__(self, *args, rewards, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.rewards = list(rewards)
        self.edition = edition
        for reward in self.rewards:
            if reward.stock is None:
                stock = _("unlimited")
            elif reward.stock == 0:
                stock = _("out of stock")
            else:
                stock = ngettext("%(stock)s left", "%(stock)s left", reward.stock) % {"stock": reward.stock}
            field = quantity_field(
                label=str(reward),
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
        return f"{REWARD_FIELD_PREFIX}{reward.pk}"

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
        self.other_items = self._other_items()
        if not self.errors and not self.items():
            raise forms.ValidationError(_("Choose at least one reward."), code="empty")
        return cleaned

    def _other_items(self) -> list[tuple[int, int]]:
        """Quantities posted for rewards the form does not show. One deactivated after the page was
        shown is passed on, not dropped: the service refuses it by name instead of handing out the rest
        silently. Its quantity is read like a shown one's; a reward that is not one of this edition's
        is an error here."""
        posted = {
            key: value
            for key, value in self.data.items()
            if key.startswith(REWARD_FIELD_PREFIX) and key not in self.fields and value.strip() not in ("", "0")
        }
        if not posted:
            return []
        ids = {key: int(key.removeprefix(REWARD_FIELD_PREFIX)) for key in posted if _REWARD_FIELD.fullmatch(key)}
        known = {reward.pk: reward for reward in Reward.objects.filter(edition=self.edition, pk__in=ids.values())}
        items, unknown = [], False
        for key, value in posted.items():
            reward = known.get(ids.get(key))
            if reward is None:
                unknown = True
                continue
            try:
                quantity = quantity_field().clean(value)
            except forms.ValidationError as error:
                self.add_error(None, [f"{reward}: {message}" for message in error.messages])
                continue
            if quantity:
                items.append((reward.pk, quantity))
        if unknown:
            self.add_error(None, forms.ValidationError(_("That reward does not exist in this edition."), "unknown"))
        return items


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
