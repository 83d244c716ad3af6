from rest_framework import serializers


class TicketRatesSerializer(serializers.Serializer):
    trained = serializers.FloatField(allow_null=True, help_text="Tickets per person-month after completing the course.")
    untrained = serializers.FloatField(allow_null=True, help_text="Tickets per person-month before it.")
    trained_tickets = serializers.IntegerField()
    trained_months = serializers.FloatField()
    untrained_tickets = serializers.IntegerField()
    untrained_months = serializers.FloatField()


class EffectivenessSerializer(serializers.Serializer):
    """One course's effectiveness in the period (``training.selectors.effectiveness``)."""

    course = serializers.IntegerField(source="course.pk")
    title = serializers.CharField(source="course.title")
    vendor = serializers.IntegerField(source="course.vendor_id", allow_null=True)
    sessions = serializers.IntegerField(help_text="Sessions held in the period (not cancelled).")
    seats = serializers.IntegerField()
    attended = serializers.IntegerField()
    attendance_rate = serializers.FloatField(allow_null=True, help_text="Percent of seats attended.")
    answers = serializers.IntegerField(help_text="Feedback answers.")
    content = serializers.FloatField(allow_null=True, help_text="Mean content rating, 1-5.")
    trainer = serializers.FloatField(allow_null=True, help_text="Mean trainer rating, 1-5.")
    usefulness = serializers.FloatField(allow_null=True, help_text="Mean usefulness rating, 1-5.")
    quiz_taken = serializers.IntegerField()
    quiz_passed = serializers.IntegerField()
    quiz_pass_rate = serializers.FloatField(allow_null=True, help_text="Percent of quiz scores at the pass mark.")
    tickets = TicketRatesSerializer(allow_null=True, help_text="Null when the course covers no component.")
