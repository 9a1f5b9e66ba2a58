#!/usr/bin/env python3
"""Regenerates the import fixtures in tests/data/ (pip install openpyxl).

The files imitate what the office really has: a title row above the header, areas typed as
numbers and as text with units, full-width digits, stray spaces, Excel date cells, phone
numbers stored as numbers, and CSVs saved by Excel on Chinese Windows (GB18030) or as
"CSV UTF-8" (with BOM).
"""
import datetime
import os

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"


def idno(first17):
    return first17 + C[sum(int(a) * b for a, b in zip(first17, W)) % 11]


HEADER = ["楼栋", "单元", "房号", "收费面积（㎡）", "用途", "状态", "业主姓名", "联系电话", "身份证号", "入住日期"]

XLSX_HEADER = HEADER + ["资料完整", "已签字"]

# 6 units: the figures the tests check are in the comments.
XLSX_ROWS = [
    # building as a number, room as a number, area as a float, date as a date cell
    [10, 1, 1201, 89.5, "住宅", "已入住", "张三", 13800138000, idno("11010519800101001"), datetime.datetime(2023, 3, 5), "是", "是"],
    # area as text with ㎡, phone with dashes, date as text with slashes
    ["10号楼", "1单元", "1202", "120.35㎡", "住宅", "已入住", "李四", "139-0013-9000", idno("11010519850202002"), "2023/3/5", "√", "否"],
    # full-width digits and stray spaces; rare name characters; Chinese date
    [" 10号楼 ", "１", "１３０１", " 143.8 m² ", "住宅", "装修中", "王堃", "13700137000/0755-86001234", "", "2024年1月15日"],
    # no owner: vacant
    ["10号楼", "2单元", "101", "104.66", "住宅", "空置", None, None, None, None],
    # a shop without entrance
    ["商业街", None, "S001", 55, "商铺", "已入住", "陈喆", "13600136000", "", "2022-08-01"],
    # a parking space, state left empty (derived from the owner)
    ["地下车库", "", "P001", "12.5平方米", "车位", "", "赵犇", 18900189000, "", 45000],
]


def write_xlsx(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "房屋清册"
    ws.append(["锦绣花园房屋与业主清册（2026年）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(XLSX_HEADER))
    ws.append(XLSX_HEADER)
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=3):
        cell = row[9]
        if isinstance(cell.value, datetime.datetime):
            cell.number_format = "yyyy-mm-dd"
    wb.save(path)


CSV_ROWS = [
    ["5号楼", "1单元", "101", "89.50", "住宅", "已入住", "刘德华", "13500135000", idno("44030519700707007"), "2020-05-01"],
    ["5号楼", "1单元", "102", "120.35", "住宅", "空置", "", "", "", ""],
    ["5号楼", "2单元", "101", "143.80", "住宅", "已入住", "曾小贤", "13400134000", "", "2021/6/1"],
]

BAD_ROWS = [
    # row 2: fine
    ["7号楼", "1单元", "101", "89.5", "住宅", "已入住", "周杰", "13300133000", "", ""],
    # row 3: area is not a number, phone too short
    ["7号楼", "1单元", "102", "八十九", "住宅", "已入住", "吴敏", "12345", "", ""],
    # row 4: unknown use, bad ID check digit
    ["7号楼", "1单元", "201", "90", "仓库", "已入住", "郑爽", "13300133001", "110105194912310021", ""],
    # row 5: duplicate of row 2
    ["7号楼", "1单元", "101", "89.5", "住宅", "已入住", "周杰", "13300133000", "", ""],
    # row 6: impossible date, missing room
    ["7号楼", "1单元", "", "60", "住宅", "已入住", "孙丽", "13300133002", "", "2023-02-30"],
]


STAFF_HEADER = ["姓名", "性别", "部门", "岗位", "入职日期", "电话", "身份证号", "状态"]

# 6 people: dates as a date cell, 2023/3/5, 2023年3月5日 and an Excel serial; a department
# written the old way (保安部 → 秩序维护部), a new department and post, an 18-digit ID as text.
STAFF_XLSX_ROWS = [
    ["张伟", "男", "工程部", "电工", datetime.datetime(2018, 9, 7), 13920299595, idno("44030419800101001"), "在职", "妻 王丽 13900001111"],
    ["李娜", "女", "客服部", "前台", "2023/3/5", "139-2026-7919", idno("44030419900215002"), "在职", ""],
    ["王芳", "女", "保洁部", "室外保洁员", "2023年3月5日", 13800138001, "", "在职", ""],
    ["赵强", "男", "保安部", "保安", 44990, 13800138002, "", "离职", ""],
    ["陈喆", "男", "会所部", "救生员", datetime.datetime(2026, 11, 1), "", "", "在职", ""],
    ["孙丽", "", "绿化部", "绿化员", "2021-06-01", "", idno("44030419630505002"), "", ""],
]

STAFF_CSV_ROWS = [
    ["刘德华", "男", "工程部", "维修工", "2020-05-01", "13500135000", idno("44030519700707007"), "在职"],
    ["曾小贤", "男", "客服部", "物业管理员", "2021/6/1", "13400134000", "", "在职"],
    ["吴敏", "女", "保洁部", "室内保洁员", "2022年8月15日", "13300133000", "", "在职"],
    ["郑爽", "女", "绿化部", "绿化员", "44990", "", "", "在职"],
    ["周杰", "男", "秩序维护部", "保安", "2019-03-01", "13300133001", "", "离职"],
]


KEYS_HEADER = ["挂牌号", "类别", "品种", "楼栋", "单元", "房号", "对应位置", "挂放位置", "数量", "紧急备用"]

# 6 keys of every category for the units in units.xlsx; K-202 is the emergency spare.
KEYS_ROWS = [
    ["K-001", "业主钥匙", "防盗门", "10号楼", "1单元", "1201", "", "1号柜A1", "1", "否"],
    ["K-002", "业主钥匙", "信箱", "10", "1", "1202", "", "1号柜A1", "1", ""],
    ["K-101", "公共门窗钥匙", "", "10号楼", "", "", "5层楼梯间窗", "2号柜B1", "2", ""],
    ["K-201", "设备房钥匙", "", "", "", "", "配电房", "3号柜C1", "1", ""],
    ["K-202", "设备房钥匙", "", "", "", "", "配电房", "应急柜", "1", "是"],
    ["K-301", "水表箱钥匙", "", "10号楼", "", "", "各层水表箱", "3号柜C2", "1", ""],
]


def write_staff_xlsx(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append(["锦绣花园物业管理处员工花名册"])
    ws.append(STAFF_HEADER + ["紧急联系人"])
    for r in STAFF_XLSX_ROWS:
        ws.append(r)
    for row in ws.iter_rows(min_row=3):
        if isinstance(row[4].value, datetime.datetime):
            row[4].number_format = "yyyy-mm-dd"
    wb.save(path)


def csv_text(rows, header=HEADER):
    lines = [",".join(header)]
    for r in rows:
        lines.append(",".join(r))
    return "\r\n".join(lines) + "\r\n"


if __name__ == "__main__":
    write_xlsx(os.path.join(HERE, "units.xlsx"), XLSX_ROWS)
    with open(os.path.join(HERE, "units_gb18030.csv"), "wb") as f:
        f.write(csv_text(CSV_ROWS).encode("gb18030"))
    with open(os.path.join(HERE, "units_utf8_bom.csv"), "wb") as f:
        f.write(b"\xef\xbb\xbf" + csv_text(CSV_ROWS).encode("utf-8"))
    with open(os.path.join(HERE, "units_bad.csv"), "wb") as f:
        f.write(csv_text(BAD_ROWS).encode("gb18030"))
    write_staff_xlsx(os.path.join(HERE, "staff.xlsx"))
    with open(os.path.join(HERE, "staff_gb18030.csv"), "wb") as f:
        f.write(csv_text(STAFF_CSV_ROWS, STAFF_HEADER).encode("gb18030"))
    with open(os.path.join(HERE, "keys_gb18030.csv"), "wb") as f:
        f.write(csv_text(KEYS_ROWS, KEYS_HEADER).encode("gb18030"))
    print("written")
