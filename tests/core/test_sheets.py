from kesu.core.sheets import Sheet


def _sheet(rows, columns):
    return Sheet(name="s", header_row=1, columns=columns, labels={}, raw_header=rows[0], rows=rows)


def test_records_skip_blank_rows_and_pad_short_ones():
    rows = [
        ["姓名", "x", "身份证号"],
        ["甲", 1, "A"],
        [None, " ", "\u3000"],  # blank: skipped
        ["乙"],  # short row: missing cells are None
        [None, None, 0],
    ]
    sheet = _sheet(rows, {0: "name", 2: "id_number"})
    assert list(sheet.records()) == [
        (2, {"name": "甲", "id_number": "A"}),
        (4, {"name": "乙", "id_number": None}),
        (5, {"name": None, "id_number": 0}),
    ]
    assert sheet.record_indices() == [1, 3, 4] and sheet.data_row_count == 3
    assert list(sheet.records())[0][1] is not list(sheet.records())[0][1]  # a fresh dict each


def test_records_with_one_column():
    sheet = _sheet([["姓名"], ["甲"], [], ["乙"]], {0: "name"})
    assert list(sheet.records()) == [(2, {"name": "甲"}), (4, {"name": "乙"})]
