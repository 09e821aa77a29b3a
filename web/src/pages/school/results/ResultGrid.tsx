// The grid of one class and period. Entered by keyboard: Tab moves on, Enter and ↑/↓ move down
// and up a column, ←/→ move across at the edge of a value. A level cell takes only its letters
// (D stands for Đ); a score cell takes only digits with at most one decimal, and the shared
// checks judge each value as it is typed. Averages and ratings follow every change. At THPT the
// grid holds every subject of the class's pupils; a pupil's cells outside their own subjects
// (their tổ hợp môn) are closed, and the keys skip them.
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Space, Tooltip, Typography } from 'antd';
import { Fragment, useMemo, useRef, useState } from 'react';
import { type ClassScheme, computeOutcome, entryIssues, gridOf } from '#domain/rules/result-scheme.ts';
import { isValidScore, termAverage } from '#domain/rules/secondary-evaluation.ts';
import { ApiError, putJson, type SyncState } from '../../../api.ts';
import { SyncStateTag } from '../../../components/SyncStateTag.tsx';
import { useSyncConfirm } from '../../../components/useSyncConfirm.tsx';
import { useT } from '../../../i18n.tsx';
import { useSession } from '../../../session.tsx';
import {
  acceptScoreText,
  CHOICE_LABELS,
  type Criteria,
  cellText,
  choiceForKey,
  type Entry,
  type GridColumn,
  type GridDefinition,
  gridColumns,
  scoreOf,
  withCell,
} from './gridColumns.ts';
import './grid.css';

export interface ResultsView extends GridDefinition {
  class: { id: string; name: string; grade: string };
  schoolYear: string;
  rows: {
    studentId: string;
    fullName: string;
    birthDate: string;
    /** The pupil's own subjects (THPT: of their combination). */
    programme: { subjects: string[]; topicSubjects: string[]; combination: string | null };
    result: {
      id: string;
      syncState: SyncState;
      syncError?: string | null;
      entry: Entry;
      complete: boolean;
      outcome: {
        averages: Record<string, number | string>;
        learningResult?: string;
        yearEndRating?: string;
      } | null;
    } | null;
  }[];
}

const RATINGS: Record<string, string> = {
  HTXS: 'Hoàn thành xuất sắc',
  HTT: 'Hoàn thành tốt',
  HT: 'Hoàn thành',
  CHT: 'Chưa hoàn thành',
};

const cellKey = (row: number, field: string) => `${row}|${field}`;

export function ResultGrid({ view, criteria }: { view: ResultsView; criteria: Criteria }) {
  const t = useT();
  const { message } = App.useApp();
  const session = useSession();
  const client = useQueryClient();
  const columns = useMemo(() => gridColumns(view, criteria), [view, criteria]);
  const empty = (): Entry =>
    view.scheme === 'TT27' ? { subjects: {}, competencies: {}, qualities: {} } : { subjects: {} };
  const [entries, setEntries] = useState<Entry[]>(() => view.rows.map((r) => r.result?.entry ?? empty()));
  // Text typed but not yet a number ("7," on its way to "7,5"), by cell.
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [saveIssues, setSaveIssues] = useState<Record<string, string>>({});
  const [dirty, setDirty] = useState<Set<number>>(new Set());
  const [selected, setSelected] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [focused, setFocused] = useState<string>();
  const inputs = useRef(new Map<string, HTMLInputElement>());
  const canEdit = session.can('results:edit');
  // Thông tư 22's year is computed from the terms: saving asks the server to compute it.
  const yearFromTerms = view.scheme === 'TT22' && view.period === 'CN';
  const canSync = session.can('results:sync');
  const refresh = () => client.invalidateQueries({ queryKey: ['/api/results', view.class.id, view.period] });
  const confirmSync = useSyncConfirm('/api/results/sync', async () => {
    setSelected([]);
    await refresh();
  });

  // Each pupil's scheme and the grid's fields that are theirs to fill in.
  const pupils = useMemo(
    () =>
      view.rows.map((row) => {
        const scheme: ClassScheme = {
          scheme: view.scheme,
          grade: Number(view.class.grade),
          level: Number(view.class.grade) <= 9 ? 'THCS' : 'THPT',
          subjects: row.programme.subjects,
          topicSubjects: row.programme.topicSubjects,
          combination: row.programme.combination ?? undefined,
          owner: `học sinh ${row.fullName}`,
        };
        const own = gridOf(scheme, view.period);
        const fields = new Set(gridColumns({ ...view, grid: own }, criteria).map((c) => c.field));
        return { scheme, fields, regularCounts: own.regularCounts ?? {} };
      }),
    [view, criteria],
  );

  // The shared checks and calculators, for every row, after every change.
  const judged = useMemo(() => {
    return entries.map((entry, row) => {
      const { scheme } = pupils[row]!;
      const { errors, complete } = entryIssues(scheme, view.period, entry);
      const outcome =
        complete && errors.length === 0 ? computeOutcome(scheme, view.period, entry) : undefined;
      return { errors: new Map(errors.map((e) => [e.field, e.message])), complete, outcome };
    });
  }, [entries, view, pupils]);

  function setCell(row: number, column: GridColumn, value: string | number | undefined) {
    setEntries((current) => current.map((e, i) => (i === row ? withCell(e, column.field, value) : e)));
    setDirty((current) => new Set(current).add(row));
    setSaveIssues(({ [cellKey(row, column.field)]: _, ...rest }) => rest);
  }

  /** Focuses a cell; a closed one is passed over in the direction of travel. */
  function focusCell(row: number, col: number, down = 0, across = 0) {
    for (
      ;
      row >= 0 && row < view.rows.length && col >= 0 && col < columns.length;
      row += down, col += across
    ) {
      const input = inputs.current.get(cellKey(row, columns[col]!.field));
      if (input) {
        input.focus();
        input.select();
        return;
      }
      if (!down && !across) return;
    }
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>, row: number, col: number) {
    const column = columns[col]!;
    const input = event.currentTarget;
    // In a score, ← and → move the caret until it reaches the edge (or the value is all selected).
    const whole = input.selectionStart === 0 && input.selectionEnd === input.value.length;
    const leaves = column.kind === 'choice' || whole;
    const next = ((): readonly [number, number, number, number] | undefined => {
      switch (event.key) {
        case 'ArrowUp':
          return [row - 1, col, -1, 0] as const;
        case 'ArrowDown':
          return [row + 1, col, 1, 0] as const;
        case 'Enter':
          return event.shiftKey ? ([row - 1, col, -1, 0] as const) : ([row + 1, col, 1, 0] as const);
        case 'ArrowLeft':
          return leaves || input.selectionEnd === 0 ? ([row, col - 1, 0, -1] as const) : undefined;
        case 'ArrowRight':
          return leaves || input.selectionStart === input.value.length
            ? ([row, col + 1, 0, 1] as const)
            : undefined;
        default:
          return undefined;
      }
    })();
    if (next) {
      event.preventDefault();
      focusCell(...next);
      return;
    }
    if (column.kind !== 'choice' || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Backspace' || event.key === 'Delete') {
      event.preventDefault();
      setCell(row, column, undefined);
    } else if (event.key.length === 1) {
      // A level cell takes only its own letters; anything else is refused on the spot.
      event.preventDefault();
      const choice = choiceForKey(event.key, column.choices ?? []);
      if (choice) setCell(row, column, choice);
      else
        message.warning(
          `Chỉ nhập ${column.choices?.join(', ')} (${column.choices?.map((c) => CHOICE_LABELS[c]).join('; ')}).`,
        );
    }
  }

  function onScoreInput(row: number, column: GridColumn, text: string) {
    const accepted = acceptScoreText(text, column.wholeNumber);
    if (accepted === undefined) return;
    const key = cellKey(row, column.field);
    const score = scoreOf(accepted);
    setDrafts(({ [key]: _, ...rest }) =>
      accepted && score === undefined ? { ...rest, [key]: accepted } : rest,
    );
    setCell(row, column, accepted === '' ? undefined : score);
  }

  async function save() {
    setSaving(true);
    try {
      // Only rows with something in them are saved; an empty row stays without a result.
      const rows = entries
        .map((entry, index) => ({ index, studentId: view.rows[index]!.studentId, entry }))
        .filter(({ index }) => dirty.has(index) || yearFromTerms);
      let saved = 0;
      for (let start = 0; start < rows.length; start += 100) {
        const chunk = rows.slice(start, start + 100);
        try {
          const answer = await putJson<{ saved: number }>('/api/results', {
            classId: view.class.id,
            period: view.period,
            entries: chunk.map(({ studentId, entry }) => ({ studentId, entry })),
          });
          saved += answer.saved;
        } catch (error) {
          if (error instanceof ApiError)
            setSaveIssues(
              Object.fromEntries(
                error.issues.map((i) => {
                  const [, index, ...field] = i.field.split('.');
                  return [cellKey(chunk[Number(index)]?.index ?? -1, field.join('.')), i.message];
                }),
              ),
            );
          throw error;
        }
      }
      setDirty(new Set());
      message.success(`Đã lưu kết quả của ${saved} học sinh.`);
      await refresh();
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  }

  const problemOf = (key: string, checked: string | undefined) =>
    saveIssues[key] ?? checked ?? (drafts[key] ? 'Chưa là một điểm.' : undefined);
  const focusedRow = focused ? Number(focused.split('|')[0]) : -1;
  const focusedProblem = focused
    ? problemOf(focused, judged[focusedRow]?.errors.get(focused.split('|')[1] ?? ''))
    : undefined;

  const groups = columns.reduce<{ name: string; span: number }[]>((list, c) => {
    const last = list.at(-1);
    if (last?.name === c.group) last.span++;
    else list.push({ name: c.group, span: 1 });
    return list;
  }, []);
  const tt22Term = view.scheme === 'TT22' && view.period !== 'CN';
  const syncable = view.rows.flatMap((r, i) => (r.result && !dirty.has(i) ? [r.result.id] : []));

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text>
          Lớp <b>{view.class.name}</b> · {view.scheme === 'TT27' ? 'Thông tư 27/2020' : 'Thông tư 22/2021'} ·
          năm học {view.schoolYear}
        </Typography.Text>
        {canEdit && (
          <Button
            type="primary"
            loading={saving}
            onClick={save}
            disabled={dirty.size === 0 && !yearFromTerms}
            data-testid="results-save"
          >
            {t('Lưu')}
            {dirty.size ? ` (${dirty.size})` : ''}
          </Button>
        )}
        {canSync && (
          <Button
            disabled={selected.length === 0}
            onClick={() => confirmSync(selected)}
            data-testid="results-sync"
          >
            {t('Đồng bộ lên CSDL Quốc gia')}
            {selected.length ? ` (${selected.length})` : ''}
          </Button>
        )}
        {dirty.size > 0 && <Typography.Text type="warning">Có thay đổi chưa lưu.</Typography.Text>}
      </Space>
      {columns.length === 0 && (
        <Alert
          style={{ marginBottom: 12 }}
          type="info"
          showIcon
          message="Kết quả cả năm được tính từ học kì I và học kì II. Bấm Lưu để tính và ghi lại."
        />
      )}
      <div className="result-grid">
        <table>
          <thead>
            <tr>
              <th rowSpan={2} className="sticky tick">
                {canSync && (
                  <Checkbox
                    checked={syncable.length > 0 && selected.length === syncable.length}
                    indeterminate={selected.length > 0 && selected.length < syncable.length}
                    onChange={(e) => setSelected(e.target.checked ? syncable : [])}
                    aria-label="Chọn tất cả"
                  />
                )}
              </th>
              <th rowSpan={2} className="sticky name">
                {t('Họ và tên')}
              </th>
              {groups.map((g) => (
                <th
                  key={g.name}
                  colSpan={g.span + (tt22Term && g.name !== 'Rèn luyện' && g.span > 1 ? 1 : 0)}
                >
                  {g.name}
                </th>
              ))}
              <th rowSpan={2}>{view.scheme === 'TT27' ? 'Đánh giá' : 'Kết quả học tập'}</th>
              <th rowSpan={2}>{t('Đồng bộ')}</th>
            </tr>
            <tr>
              {columns.map((c) => (
                <ColumnHeads
                  key={c.field}
                  column={c}
                  closesSubject={tt22Term && c.field.endsWith('.final')}
                />
              ))}
            </tr>
          </thead>
          <tbody>
            {view.rows.map((student, row) => {
              const { errors, complete, outcome } = judged[row]!;
              const entry = entries[row]!;
              return (
                <tr key={student.studentId}>
                  <td className="sticky tick">
                    {canSync && student.result && (
                      <Checkbox
                        disabled={dirty.has(row)}
                        checked={selected.includes(student.result.id)}
                        onChange={(e) =>
                          setSelected((s) =>
                            e.target.checked
                              ? [...s, student.result!.id]
                              : s.filter((id) => id !== student.result!.id),
                          )
                        }
                        aria-label={`Chọn ${student.fullName}`}
                      />
                    )}
                  </td>
                  <td className="sticky name">
                    {student.fullName}
                    {student.programme.combination && (
                      <div className="combination" title={student.programme.combination}>
                        {student.programme.combination.split(' (')[0]}
                      </div>
                    )}
                  </td>
                  {columns.map((column, col) => {
                    const key = cellKey(row, column.field);
                    const average = tt22Term && column.field.endsWith('.final');
                    if (!pupils[row]!.fields.has(column.field))
                      return (
                        <Fragment key={column.field}>
                          <td className="closed" title={`Không thuộc các môn học của ${student.fullName}`} />
                          {average && <td className="closed" />}
                        </Fragment>
                      );
                    const problem = problemOf(key, errors.get(column.field));
                    const input = (
                      <input
                        ref={(el) => {
                          if (el) inputs.current.set(key, el);
                          else inputs.current.delete(key);
                        }}
                        className={problem ? 'cell invalid' : 'cell'}
                        value={drafts[key] ?? cellText(entry, column.field)}
                        readOnly={!canEdit}
                        inputMode={column.kind === 'score' ? 'decimal' : 'text'}
                        aria-label={`${student.fullName} · ${column.group} · ${column.title}`}
                        aria-invalid={Boolean(problem)}
                        onChange={(e) =>
                          column.kind === 'score' && canEdit && onScoreInput(row, column, e.target.value)
                        }
                        onKeyDown={(e) => canEdit && onKeyDown(e, row, col)}
                        onFocus={(e) => {
                          e.target.select();
                          setFocused(key);
                        }}
                      />
                    );
                    return (
                      <Fragment key={column.field}>
                        <td className={column.kind}>
                          {/* Always wrapped: the input must not be remounted (and lose focus) as a problem comes and goes. */}
                          <Tooltip title={problem}>{input}</Tooltip>
                        </td>
                        {average && (
                          <SubjectAverage
                            entry={entry}
                            subject={column.group}
                            count={pupils[row]!.regularCounts[column.group] ?? 0}
                          />
                        )}
                      </Fragment>
                    );
                  })}
                  <td className="computed" data-testid="result-outcome">
                    {view.scheme === 'TT27'
                      ? complete
                        ? view.period === 'CN'
                          ? (RATINGS[outcome?.yearEndRating ?? ''] ?? '')
                          : 'Đủ'
                        : 'Chưa đủ'
                      : (outcome?.learningResult ?? student.result?.outcome?.learningResult ?? '')}
                  </td>
                  <td>
                    {student.result && !dirty.has(row) ? (
                      <SyncStateTag
                        state={student.result.syncState}
                        reason={student.result.syncError ?? undefined}
                      />
                    ) : (
                      <SyncStateTag state="unsynced" />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Typography.Paragraph type="danger" style={{ minHeight: 22, marginTop: 8 }} data-testid="cell-problem">
        {focusedProblem ?? ''}
      </Typography.Paragraph>
    </>
  );
}

/** A column's own header; a TT22 subject's last score is followed by its average (ĐTB). */
function ColumnHeads({ column, closesSubject }: { column: GridColumn; closesSubject: boolean }) {
  const title =
    column.title.length > 14 ? (
      <Tooltip title={column.title}>{`${column.title.slice(0, 12)}…`}</Tooltip>
    ) : (
      column.title
    );
  return (
    <>
      <th className="sub">{title}</th>
      {closesSubject && <th className="sub computed">ĐTB</th>}
    </>
  );
}

/** ĐTBmhk of a subject, once its scores are all there and valid. */
function SubjectAverage({ entry, subject, count }: { entry: Entry; subject: string; count: number }) {
  const scores = entry.subjects?.[subject] as
    | { regular?: unknown[]; midterm?: unknown; final?: unknown }
    | undefined;
  const regular = scores?.regular ?? [];
  const ready =
    regular.length === count &&
    regular.every(isValidScore) &&
    isValidScore(scores?.midterm) &&
    isValidScore(scores?.final);
  return (
    <td className="computed average">
      {ready
        ? String(
            termAverage(regular as number[], scores!.midterm as number, scores!.final as number),
          ).replace('.', ',')
        : ''}
    </td>
  );
}
