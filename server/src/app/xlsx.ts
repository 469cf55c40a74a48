import ExcelJS from 'exceljs';

/**
 * The one XLSX writer of every export, beside the CSV writer: one sheet, a bold frozen header row,
 * one row per record. Every text goes in as a string cell, so a title such as `=HYPERLINK(...)`
 * stays text in Excel (exceljs writes a formula only when handed `{ formula }`, which this never
 * does); dates become date cells in UTC.
 */
export async function toXlsx({
  sheet,
  columns,
  rows,
}: {
  sheet: string;
  columns: string[];
  rows: Array<Record<string, unknown>>;
}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(0);
  const worksheet = workbook.addWorksheet(sheet.slice(0, 31) || 'Sheet 1', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  worksheet.columns = columns.map((key) => ({ header: key, key, width: Math.max(12, key.length + 2) }));
  worksheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    worksheet.addRow(
      Object.fromEntries(
        columns.map((key) => {
          const value = row[key];
          if (value === null || value === undefined) return [key, ''];
          if (value instanceof Date || typeof value === 'number') return [key, value];
          if (typeof value === 'boolean') return [key, value ? 'yes' : 'no'];
          return [key, String(value)];
        }),
      ),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
