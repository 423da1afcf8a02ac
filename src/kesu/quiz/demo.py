"""Demo question banks (filled in by the bank module)."""

from kesu.demo.services import DemoContext


def quiz_bank_demo(ctx: DemoContext) -> None:
    return None
