"""The search form's fast checkbox rendering matches Django's widget, state included."""

from django import forms

from directory.profiles.templatetags.directory import checkbox_options


class ChoiceForm(forms.Form):
    publics = forms.MultipleChoiceField(
        choices=[("a", "Alpha"), ("b", "Bêta <b>")], widget=forms.CheckboxSelectMultiple
    )


def test_checked_boxes_ids_and_escaping_follow_the_bound_data():
    html = str(checkbox_options(ChoiceForm({"publics": ["b"]})["publics"]))
    assert html.startswith('<div id="id_publics">')
    assert 'value="a" id="id_publics_0">' in html
    assert 'value="b" id="id_publics_1" checked>' in html
    assert "Bêta &lt;b&gt;" in html


def test_an_invalid_group_marks_its_boxes_invalid():
    form = ChoiceForm({"publics": ["z"]})
    assert not form.is_valid()
    html = str(checkbox_options(form["publics"]))
    assert html.count('aria-invalid="true"') == 2
