"""Table 5 the way a user would script it with pandas: read the helpdesk
logs with openpyxl, count emails by month and category, write the counts.
Usage: pandas_table5.py OUT.csv FILE..."""

import sys

import pandas as pd


def main() -> None:
    out, files = sys.argv[1], sys.argv[2:]
    frames = [pd.read_excel(f, sheet_name="Log", header=1, engine="openpyxl") for f in files]
    log = pd.concat(frames)
    emails = log[log["Channel"] == "Email"]
    month = pd.to_datetime(emails["Date Received"]).dt.strftime("%Y-%m")
    counts = emails.groupby([month, emails["Category"]]).size().reset_index(name="emails")
    counts.columns = ["month", "category", "emails"]
    counts = counts.sort_values(["month", "category"])
    counts.to_excel(out + ".xlsx", index=False)
    counts.to_csv(out, index=False)


if __name__ == "__main__":
    main()
