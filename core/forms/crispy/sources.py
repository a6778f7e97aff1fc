"""The sources of crispy-bootstrap5's templates that :mod:`core.forms.crispy` writes in
Python, pinned as crispy-bootstrap5 2026.9 has them: a template is written only while
its source (and those of the templates it includes) is exactly this."""

FIELD = "bootstrap5/field.html"
HELP_TEXT_AND_ERRORS = "bootstrap5/layout/help_text_and_errors.html"
HELP_TEXT = "bootstrap5/layout/help_text.html"
FIELD_ERRORS = "bootstrap5/layout/field_errors.html"
FIELD_ERRORS_BLOCK = "bootstrap5/layout/field_errors_block.html"
RADIO_CHECKBOX_SELECT = "bootstrap5/layout/radio_checkbox_select.html"
ATTRS = "bootstrap5/layout/attrs.html"
DIV = "bootstrap5/layout/div.html"
FIELDSET = "bootstrap5/layout/fieldset.html"
WHOLE_FORM = "bootstrap5/whole_uni_form.html"
DISPLAY_FORM = "bootstrap5/display_form.html"
UNI_FORM = "bootstrap5/uni_form.html"
ERRORS = "bootstrap5/errors.html"
INPUTS = "bootstrap5/inputs.html"
BASEINPUT = "bootstrap5/layout/baseinput.html"

# The sources of crispy-bootstrap5 2026.9's templates written in Python.
CRISPY_SOURCES = {
    FIELD: """{% load crispy_forms_field %}

{% if field.is_hidden %}
    {{ field }}
{% else %}
    {% if field|is_checkbox and tag != "td" %}
        <div class="mb-3{% if 'form-horizontal' in form_class %} row{% endif %}">
        {% if label_class %}
            <div class="{% for offset in bootstrap_checkbox_offsets %}{{ offset|slice:"7:14" }}{{ offset|slice:"4:7" }}{{ offset|slice:"14:16" }} {% endfor %}{{ field_class }}">
        {% endif %}
    {% endif %}
    <{% if tag %}{{ tag }}{% else %}div{% endif %} id="div_{{ field.auto_id }}" class="{% if field|is_checkbox and form_show_labels %}form-check{% else %}mb-3{% if 'form-horizontal' in form_class %} row{% endif %}{% endif %}{% if wrapper_class %} {{ wrapper_class }}{% endif %}{% if field.css_classes %} {{ field.css_classes }}{% endif %}">
        {% if field.label and not field|is_checkbox and form_show_labels %}
            {% if field.use_fieldset %}<fieldset{% if 'form-horizontal' in form_class %} class="row"{% endif %}{% if field.aria_describedby %} aria-describedby="{{ field.aria_describedby }}"{% endif %}>{% endif %}
            <{% if field.use_fieldset %}legend{% else %}label{% endif %}
                {% if field.id_for_label %}for="{{ field.id_for_label }}"{% endif %} class="{% if 'form-horizontal' in form_class %}col-form-label pt-0{% else %}form-label{% endif %}{% if label_class %} {{ label_class }}{% endif %}{% if field.field.required %} requiredField{% endif %}{% if field.use_fieldset %} fs-6{% endif %}">
                {{ field.label }}{% if field.field.required %}<span class="asteriskField">*</span>{% endif %}
            </{% if field.use_fieldset %}legend{% else %}label{% endif %}>
        {% endif %}

        {% if field|is_checkboxselectmultiple or field|is_radioselect %}
            {% include 'bootstrap5/layout/radio_checkbox_select.html' %}
        {% endif %}

        {% if not field|is_checkboxselectmultiple and not field|is_radioselect %}
            {% if field|is_checkbox and form_show_labels %}
                    {% if field.errors %}
                        {% crispy_field field 'class' 'form-check-input is-invalid' %}
                    {% else %}
                        {% crispy_field field 'class' 'form-check-input' %}
                    {% endif %}
                <label for="{{ field.id_for_label }}" class="form-check-label{% if field.field.required %} requiredField{% endif %}">
                    {{ field.label }}{% if field.field.required %}<span class="asteriskField">*</span>{% endif %}
                </label>
                {% include 'bootstrap5/layout/help_text_and_errors.html' %}
            {% else %}
                {% if field_class %}<div class="{{ field_class }}">{% endif %}
                    {% if field|is_file %}
                        {% include 'bootstrap5/layout/field_file.html' %}
                    {% elif field|is_select %}
                        {% if field.errors %}
                            {% crispy_field field 'class' 'form-select is-invalid' %}
                        {% else %}
                            {% crispy_field field 'class' 'form-select' %}
                        {% endif %}
                    {% elif field|is_checkbox %}
                        {% if field.errors %}
                            {% crispy_field field 'class' 'form-check-input is-invalid' %}
                        {% else %}
                            {% crispy_field field 'class' 'form-check-input' %}
                        {% endif %}
                    {% elif field.errors %}
                        {% crispy_field field 'class' 'form-control is-invalid' %}
                    {% else %}
                        {% crispy_field field 'class' 'form-control' %}
                    {% endif %}
                    {% if not field|is_file %}
                        {% include 'bootstrap5/layout/help_text_and_errors.html' %}
                    {% endif %}
                {% if field_class %}</div>{% endif %}
            {% endif %}
        {% endif %}
        {% if field.use_fieldset and field.label and form_show_labels %}</fieldset>{% endif %}
    </{% if tag %}{{ tag }}{% else %}div{% endif %}>
    {% if field|is_checkbox and tag != "td" %}
        {% if label_class %}
            </div>
        {% endif %}
        </div>
    {% endif %}
{% endif %}
""",  # noqa: E501
    HELP_TEXT_AND_ERRORS: """{% if help_text_inline and not error_text_inline %}
    {% include 'bootstrap5/layout/help_text.html' %}
{% endif %}

{% if error_text_inline %}
    {% include 'bootstrap5/layout/field_errors.html' %}
{% else %}
    {% include 'bootstrap5/layout/field_errors_block.html' %}
{% endif %}

{% if not help_text_inline %}
    {% include 'bootstrap5/layout/help_text.html' %}
{% endif %}
""",
    HELP_TEXT: """{% if field.help_text %}
    {% if help_text_inline %}
        <span id="{{ field.auto_id }}_helptext" class="form-text">{{ field.help_text|safe}}</span>
    {% else %}
        <div {% if field.auto_id %}id="{{ field.auto_id }}_helptext" {% endif %}class="form-text">{{ field.help_text|safe }}</div>
    {% endif %}
{% endif %}
""",  # noqa: E501
    FIELD_ERRORS: """{% if form_show_errors and field.errors %}
    <div id="{{field.errors.field_id}}_error" class="invalid-feedback">
    {% for error in field.errors %}
        <span id="error_{{ forloop.counter }}_{{ field.auto_id }}"><strong>{{ error }}</strong></span>
    {% endfor %}
    </div>
{% endif %}
""",  # noqa: E501
    FIELD_ERRORS_BLOCK: """{% if form_show_errors and field.errors %}
    <div id="{{field.errors.field_id}}_error" class="invalid-feedback">
    {% for error in field.errors %}
        <p id="error_{{ forloop.counter }}_{{ field.auto_id }}"><strong>{{ error }}</strong></p>
    {% endfor %}
    </div>
{% endif %}
""",
    RADIO_CHECKBOX_SELECT: """{% load crispy_forms_filters %}
{% load l10n %}

<div {% if field_class %}class="{{ field_class }}"{% endif %}{% if flat_attrs %} {{ flat_attrs }}{% endif %}>

    {% for group, options, index in field|optgroups %}
    {% if group %}<strong>{{ group }}</strong>{% endif %}
    {% for option in options %}
      <div class="form-check{% if inline_class %} form-check-inline{% endif %}">
        <input type="{{option.type}}" class="form-check-input{% if field.errors %} is-invalid{% endif %}"  name="{{ field.html_name }}" value="{{ option.value|unlocalize }}" {% include "bootstrap5/layout/attrs.html" with widget=option %}>
        <label for="{{ option.attrs.id }}" class="form-check-label">
            {{ option.label|unlocalize }}
        </label>
        {% if field.errors and forloop.last and not inline_class and forloop.parentloop.last %}
            {% include 'bootstrap5/layout/field_errors_block.html' %}
        {% endif %}
     </div>
    {% endfor %}
    {% endfor %}

</div>
{% if field.errors and inline_class %}
    <div id="{{field.errors.field_id}}_error" class="invalid-feedback">
        {% for error in field.errors %}
            <p id="error_{{ forloop.counter }}_{{ field.auto_id }}"><strong>{{ error }}</strong></p>
        {% endfor %}
    </div>
{% endif %}
{% include 'bootstrap5/layout/help_text.html' %}
""",  # noqa: E501
    # The same as Django's widgets' attrs.html.
    ATTRS: (
        "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
        "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}"
        "{% endfor %}"
    ),
    # These two have spaces at the ends of lines.
    DIV: (
        '<div {% if div.css_id %}id="{{ div.css_id }}"{% endif %} \n'
        '    {% if div.css_class %}class="{{ div.css_class }}"{% endif %} {{ div.flat_attrs }}>\n'
        "        {{ fields|safe }}\n"
        "</div>\n"
    ),
    FIELDSET: (
        '<fieldset {% if fieldset.css_id %}id="{{ fieldset.css_id }}"{% endif %} \n'
        '    {% if fieldset.css_class %}class="{{ fieldset.css_class }}"{% endif %}\n'
        "    {{ fieldset.flat_attrs }}>\n"
        "    {% if legend %}<legend>{{ legend|safe }}</legend>{% endif %}\n"
        "    {{ fields|safe }} \n"
        "</fieldset>\n"
    ),
    WHOLE_FORM: """{% load crispy_forms_utils %}

{% specialspaceless %}
{% if form_tag %}<form {{ flat_attrs }} method="{{ form_method }}" {% if form.is_multipart %} enctype="multipart/form-data"{% endif %}>{% endif %}
    {% if form_method|lower == 'post' and not disable_csrf %}
        {% csrf_token %}
    {% endif %}

    {% include "bootstrap5/display_form.html" %}

    {% include "bootstrap5/inputs.html" %}

{% if form_tag %}</form>{% endif %}
{% endspecialspaceless %}
""",  # noqa: E501
    DISPLAY_FORM: """{% if form.form_html %}
    {% if include_media %}{{ form.media }}{% endif %}
    {% if form_show_errors %}
        {% include "bootstrap5/errors.html" %}
    {% endif %}
    {{ form.form_html }}
{% else %}
    {% include "bootstrap5/uni_form.html" %}
{% endif %}
""",
    UNI_FORM: """{% load crispy_forms_utils %}

{% specialspaceless %}
    {% if include_media %}{{ form.media }}{% endif %}
    {% if form_show_errors %}
        {% include "bootstrap5/errors.html" %}
    {% endif %}
    {% for field in form %}
        {% include field_template %}
    {% endfor %}
{% endspecialspaceless %}
""",
    ERRORS: """{% if form.non_field_errors %}
    <div class="alert alert-block alert-danger">
        {% if form_error_title %}<h4 class="alert-heading">{{ form_error_title }}</h4>{% endif %}
        <ul class="m-0">
            {{ form.non_field_errors|unordered_list }}
        </ul>
    </div>
{% endif %}
""",
    INPUTS: """{% if inputs %}
    <div class="mb-3{% if 'form-horizontal' in form_class %} row{% endif %}">
        {% if label_class %}
            <div class="aab {{ label_class }}"></div>
        {% endif %}

        <div class="{{ field_class }}">
            {% for input in inputs %}
                {% include "bootstrap5/layout/baseinput.html" %}
            {% endfor %}
        </div>
    </div>
{% endif %}
""",
    BASEINPUT: """<input type="{{ input.input_type }}"
    name="{% if input.name|wordcount > 1 %}{{ input.name|slugify }}{% else %}{{ input.name }}{% endif %}"
    value="{{ input.value }}"
    {% if input.input_type != "hidden" %}
        class="{{ input.field_classes }}"
        id="{% if input.id %}{{ input.id }}{% else %}{{ input.input_type }}-id-{{ input.name|slugify }}{% endif %}"
    {% endif %}
    {{ input.flat_attrs }}
    />
""",  # noqa: E501
}
