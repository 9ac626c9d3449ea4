"""Writes the pandas_*.csv files of this folder (run once; the files are committed).

python tests/data/csv/write_pandas_files.py
"""

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent
frame = pd.DataFrame({"x1": [0.5, 1234.5, -2.25], "x2": [1.0, 0.0, 3.0], "y": [0, 1, 1]})

frame.to_csv(HERE / "pandas_semicolon_decimal_comma.csv", sep=";", decimal=",", index=False)
frame.to_csv(HERE / "pandas_comma_decimal_comma.csv", decimal=",", index=False)
frame.to_csv(HERE / "pandas_utf16_tab.csv", sep="\t", encoding="utf-16", index=False)
frame.to_csv(HERE / "pandas_utf8_bom.csv", encoding="utf-8-sig", index=False)
frame.rename(columns={"x1": "señal"}).to_csv(
    HERE / "pandas_cp1252.csv", sep=";", decimal=",", encoding="cp1252", index=False)
pd.DataFrame({"x1": [f"{v:,.2f}" for v in (1234.5, 2000, -0.5)], "y": [1, 0, 1]}).to_csv(
    HERE / "pandas_us_thousands.csv", index=False)
frame.assign(**{"": np.nan, " ": np.nan}).to_csv(
    HERE / "pandas_trailing_empty_columns.csv", index=False)
