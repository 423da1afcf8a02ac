"""Demo papers and attempts (filled in by the papers module)."""

from kesu.demo.services import DemoContext


def quiz_papers_demo(ctx: DemoContext) -> None:
    return None
