"""Both kinds of actor have the shape services and selectors read (kesu.core.actors.Actor)."""

from kesu.accounts.models import User
from kesu.accounts.services import operator
from kesu.core.actors import Actor


def test_users_and_the_operator_are_actors():
    assert isinstance(User(username="x"), Actor)
    assert isinstance(operator(), Actor)
    assert not isinstance(object(), Actor)
