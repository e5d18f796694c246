"""The ending every ops checker shares: one line per problem, a count, and
the exit status (0 clean, 1 with problems)."""


def finish(problems, what):
    """Prints each problem and '<what>: N problems'; returns the exit status."""
    for problem in problems:
        print(problem)
    print(f"{what}: {len(problems)} problems")
    return 1 if problems else 0
