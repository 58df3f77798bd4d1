"""The command line: one parser, command groups in their own modules, one error mapping.

    main.py              `hws` / `python -m index` / `python -m eval`: the root parser
    index_cmds.py        build, add, remove, info, sections
    embed_cmds.py        embed (fill the vector cache on Ray or in this process)
    search_cmds.py       search, ask
    commitments_cmds.py  commitments
    eval_cmds.py         eval … (the evaluation's commands, from eval/)
    options.py, output.py, errors.py   shared flags, printing/JSON, failures → exit codes

It imports the library only through `hws`, never the reverse.
"""
