"""The command line. Subcommands call the same services as the GUI; no Qt is imported for them.

    expo-console [--db PATH] [--workspace NAME] [--lang ko|en] [--screenshot FILE.png]
    expo-console demo --db PATH [--visitors N]
    expo-console info --db PATH
    expo-console import --db PATH FILE [--dry-run] [--map FILE.json] [--header-row N]
    expo-console export visitors --db PATH --out FILE.csv|FILE.xlsx [--unmask] [--lang ko|en]
    expo-console code --db PATH --visitor ID
    expo-console verify --db PATH CODE
    expo-console key export|import|rotate --db PATH [--out FILE | FILE]
    expo-console badges --db PATH --out FILE.pdf [--format a6|4x3in|4x6in|cr80|a4-8up]
                        [--class CLASS] [--visitor ID ...] [--all] [--not-printed] [--romanize]
    expo-console visitors delete|block|unblock --db PATH ID [--reason TEXT]
    expo-console gates [rule] --db PATH ...                  (see checkin.py)
    expo-console scan --db PATH --gate GATE [--station NAME] [--direction in|out] [--id ID] [CODE ...]
    expo-console layout export|import|check --db PATH ...   (see layout.py)
    expo-console print --db PATH [--printer NAME] (--all | --not-printed | --class C | --visitor ID…) [--wait]
    expo-console simulate|traffic|report --db PATH ...      (see traffic.py)
    expo-console hub start|stop|status --dir DIR ...         (see hub.py)

One module per command group (event, visitors, badges, checkin, layout, printing, traffic, hub);
main.py puts them together. Errors go to stderr with a sentence that says what to do, and a non-zero exit code.
"""
