from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "kesu.assessment"
    label = "assessment"
    verbose_name = "科学素质测评"

    def ready(self) -> None:
        from kesu.assessment.demo import assessment_demo
        from kesu.demo.services import register_demo_step

        # After the quiz steps (the starter bank is loaded there): the demo step order is the
        # order of INSTALLED_APPS ready() calls, and quiz precedes assessment.
        register_demo_step("assessment", assessment_demo)
        from kesu.assessment.demo_sample import sample_demo

        # A district's sampled surveys of last year and this year (after the city's one).
        register_demo_step("assessment_sample", sample_demo)

        from kesu.assessment.items import question_uses
        from kesu.quiz.usage import register_usage

        register_usage(question_uses)  # the question page shows the item's flags per assessment

        from kesu.assessment.sample_selectors import pending_invitations
        from kesu.quiz.invitations import register_invitations

        register_invitations(pending_invitations)  # sampled members see it on "我的答题"
