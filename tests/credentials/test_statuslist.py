"""The Bitstring Status List encoding, bit order included."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hackkit.credentials import statuslist


def test_index_zero_is_the_first_bytes_most_significant_bit() -> None:
    bits = statuslist.decode(statuslist.encode([0, 9]))
    assert bits[0] == 0x80
    assert bits[1] == 0x40
    assert len(bits) * 8 == statuslist.MIN_ENTRIES


def test_an_empty_list_is_small() -> None:
    assert len(statuslist.encode([])) < 300


@given(st.sets(st.integers(min_value=0, max_value=statuslist.MIN_ENTRIES - 1), max_size=40))
def test_what_is_set_reads_back(revoked: set[int]) -> None:
    bits = statuslist.decode(statuslist.encode(revoked))
    probes = revoked | {0, 1, 7, 8, statuslist.MIN_ENTRIES - 1}
    assert {index for index in probes if statuslist.is_set(bits, index)} == revoked


def test_garbage_is_refused() -> None:
    with pytest.raises(statuslist.StatusListError):
        statuslist.decode("uAAAA")
    with pytest.raises(statuslist.StatusListError):
        statuslist.decode("zAAAA")
    with pytest.raises(statuslist.StatusListError):
        statuslist.is_set(b"\x00", 8)
