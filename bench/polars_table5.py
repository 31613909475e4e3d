"""Table 5 the way a user would script it with polars: read the helpdesk
logs with the calamine engine, count emails by month and category, write
the counts. Usage: polars_table5.py OUT.csv FILE..."""

import sys

import polars as pl


def main() -> None:
    out, files = sys.argv[1], sys.argv[2:]
    frames = [
        pl.read_excel(f, sheet_name="Log", engine="calamine", read_options={"header_row": 1}) for f in files
    ]
    log = pl.concat(frames)
    counts = (
        log.filter(pl.col("Channel") == "Email")
        .group_by(
            pl.col("Date Received").dt.strftime("%Y-%m").alias("month"),
            pl.col("Category").alias("category"),
        )
        .agg(pl.len().alias("emails"))
        .sort(["month", "category"])
    )
    counts.write_excel(out + ".xlsx")
    counts.write_csv(out)


if __name__ == "__main__":
    main()
