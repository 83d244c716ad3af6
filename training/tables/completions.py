import django_tables2 as tables

from training.models import Completion


class CompletionTable(tables.Table):
    person = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("person__name",))
    profession = tables.Column(accessor="person__profession", verbose_name="Profession")
    course = tables.Column(linkify=lambda record: record.course.get_absolute_url(), order_by=("course__title",))
    completed_on = tables.DateColumn(format="Y-m-d")
    source = tables.Column()

    class Meta:
        model = Completion
        fields = ("person", "profession", "course", "completed_on", "source")
        order_by = ("-completed_on",)

    def render_profession(self, record: Completion) -> str:
        return record.person.get_profession_display()

    def value_profession(self, record: Completion) -> str:
        return record.person.get_profession_display()
