-- 部门预算支出经济分类 (款级) on spending lines (issue 21 point 5): an optional code on each voucher
-- line and each budget line, empty when the line carries none (its account's default then
-- applies in reports). Entries of posted vouchers are covered by the voucher hash (format v3
-- covers the code); budget lines by the state log, which reads the code beside the note so that
-- books kept before this migration digest as they did.
ALTER TABLE entries ADD COLUMN econ TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_lines ADD COLUMN econ TEXT NOT NULL DEFAULT '';
