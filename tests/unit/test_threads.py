"""The per-question thread-count choice follows measured speed and notices when it changes."""
from __future__ import annotations

from embed.threads import ALL, EXPLORE_EVERY, ONE, ThreadChooser


def run(chooser: ThreadChooser, ms_per_char: dict[str, float], calls: int) -> list[str]:
    picked = []
    for _ in range(calls):
        setting = chooser.pick()
        chooser.record(setting, ms_per_char[setting] * 40, chars=24)
        picked.append(setting)
    return picked


def test_both_settings_are_tried_before_either_is_preferred():
    assert run(ThreadChooser(), {ALL: 0.3, ONE: 0.6}, 2) == [ALL, ONE]


def test_the_faster_setting_is_used_and_the_other_only_tried_now_and_then():
    picked = run(ThreadChooser(), {ALL: 0.3, ONE: 0.6}, 2 + 8 * EXPLORE_EVERY)[2:]
    assert picked.count(ONE) == 8  # one exploration per EXPLORE_EVERY calls
    assert picked.count(ALL) == 8 * (EXPLORE_EVERY - 1)


def test_a_change_of_load_flips_the_choice_within_a_few_explorations():
    chooser = ThreadChooser()
    run(chooser, {ALL: 0.3, ONE: 0.6}, 4 * EXPLORE_EVERY)  # idle machine: all cores win
    picked = run(chooser, {ALL: 1.5, ONE: 0.7}, 4 * EXPLORE_EVERY)  # busy machine: one core wins
    settled = picked[-2 * EXPLORE_EVERY:]
    assert settled.count(ONE) == 2 * (EXPLORE_EVERY - 1)  # all but the explorations


def test_cost_is_per_character_so_long_questions_do_not_count_against_a_setting():
    chooser = ThreadChooser()
    chooser.record(ALL, 300.0, chars=1000)  # a long question, slow in absolute terms
    chooser.record(ONE, 20.0, chars=10)
    assert chooser.cost[ALL] < chooser.cost[ONE]
