from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance: meetings and actions"

    def ready(self) -> None:
        # The action register reads every source of actions through a registration
        # (governance/action_sources.py): governance's own meeting actions and the incident
        # follow-ups of slas register here; a later source (improvement plans, findings) adds one
        # line, and nothing is copied between apps.
        from governance import action_sources
        from governance.selectors.action_sources import finding_source, follow_up_source, meeting_action_source

        action_sources.register(meeting_action_source)
        action_sources.register(follow_up_source)
        action_sources.register(finding_source)

        # operations: the findings of health assessments and the actions of lessons-learned reviews
        from governance.selectors.action_sources import health_finding_source, lesson_action_source

        action_sources.register(health_finding_source)
        action_sources.register(lesson_action_source)
