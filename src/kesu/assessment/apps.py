from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "kesu.assessment"
    label = "assessment"
    verbose_name = "科学素质测评"

    def ready(self) -> None:
        from kesu.assessment.items import question_uses
        from kesu.quiz.bank.usage import register_usage

        register_usage(question_uses)  # the question page shows the item's flags per assessment

        from kesu.assessment.sample_selectors import pending_invitations
        from kesu.quiz.attempts.invitations import register_invitations

        register_invitations(pending_invitations)  # sampled members see it on "我的答题"
