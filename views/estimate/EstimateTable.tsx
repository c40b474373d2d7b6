// The Estimate screen's table: one row per record type with its calls on each side,
// its duration and a bar for its share of the time; then the bottleneck, which limit
// was used on each side, what would change it, and whether a demo run calibrated it.
// Props only: the console owns loading the estimate and the run button below it.
import React from 'react';
import {Box, Text} from 'ink';
import {formatDuration, type Estimate} from '../../source/estimate/estimator.js';
import {RECORD_TYPE_LABELS} from '../../source/contracts/model.js';

export interface EstimateTableProps {
  estimate: Estimate;
  sourceLabel: string;
  targetLabel: string;
  /** Width of the longest bar, in columns */
  barWidth?: number;
  /** The terminal's width: the bar gets what the columns leave, none when nothing is left (a row never wraps) */
  width?: number;
  notes?: string[];
  /** Said instead of the calibration note when the estimate has none */
  uncalibrated?: string;
}

const pad = (text: string, width: number, right = false) => (right ? text.padStart(width) : text.padEnd(width));

export function EstimateTable({estimate, sourceLabel, targetLabel, barWidth: widest = 24, width, notes = [], uncalibrated = 'Not calibrated: a demo run measures the real calls and pace, and the estimate is recalibrated from it.'}: EstimateTableProps) {
  const longest = Math.max(1, ...estimate.types.map((t) => t.durationMs));
  const rows = estimate.types.map((t) => ({
    key: t.type,
    label: RECORD_TYPE_LABELS[t.type],
    records: String(Math.round(t.records)),
    source: String(Math.round(t.calls.source)),
    target: String(Math.round(t.calls.target)),
    duration: formatDuration(t.durationMs),
    durationMs: t.durationMs,
    targetBound: t.bottleneck.side === 'target',
  }));
  const w = {
    label: Math.max(11, ...rows.map((r) => r.label.length)),
    records: Math.max(7, ...rows.map((r) => r.records.length)),
    source: Math.max(12, ...rows.map((r) => r.source.length)),
    target: Math.max(12, ...rows.map((r) => r.target.length)),
    duration: Math.max(8, formatDuration(estimate.durationMs).length, ...rows.map((r) => r.duration.length)),
  };
  // Five columns and their four two-space gaps, then a space before the bar.
  const columnsWidth = w.label + w.records + w.source + w.target + w.duration + 8;
  const barWidth = width === undefined ? widest : Math.min(widest, width - columnsWidth - 1);
  const barOf = (durationMs: number) => (barWidth >= 1 && durationMs > 0 ? Math.max(1, Math.round((durationMs / longest) * barWidth)) : 0);
  return (
    <Box flexDirection="column">
      <Text bold>
        About {formatDuration(estimate.durationMs)} from {sourceLabel} to {targetLabel}
      </Text>
      <Text dimColor>Source limit: {estimate.limits.source.note}</Text>
      <Text dimColor>Target limit: {estimate.limits.target.note}</Text>
      <Box marginTop={1} flexDirection="column">
        <Text bold>
          {pad('Record type', w.label)}  {pad('Records', w.records, true)}  {pad('Source calls', w.source, true)}  {pad('Target calls', w.target, true)}  {pad('Duration', w.duration, true)}
        </Text>
        {rows.map((r) => (
          <Text key={r.key}>
            {pad(r.label, w.label)}  {pad(r.records, w.records, true)}  {pad(r.source, w.source, true)}  {pad(r.target, w.target, true)}  {pad(r.duration, w.duration, true)}
            {barOf(r.durationMs) ? <Text color={r.targetBound ? 'magenta' : 'cyan'}>{' ' + '█'.repeat(barOf(r.durationMs))}</Text> : null}
          </Text>
        ))}
        <Text bold>
          {pad('All', w.label)}  {pad('', w.records)}  {pad(String(Math.round(estimate.calls.source)), w.source, true)}  {pad(String(Math.round(estimate.calls.target)), w.target, true)}  {pad(formatDuration(estimate.durationMs), w.duration, true)}
        </Text>
        <Text dimColor>
          <Text color="cyan">█</Text> paced by the source  <Text color="magenta">█</Text> paced by the target
        </Text>
      </Box>
      <Box marginTop={1} flexDirection="column">
        <Text>
          Bottleneck: <Text bold>{estimate.bottleneck.description}</Text>
        </Text>
        {estimate.whatIf.length > 0 && <Text>What would change it:</Text>}
        {estimate.whatIf.map((change) => (
          <Text key={change.change}>
            {'  '}
            {change.change}: {formatDuration(change.durationMs)}{' '}
            <Text color={change.deltaMs < 0 ? 'green' : 'yellow'}>
              ({Math.round((change.deltaMs / Math.max(1, estimate.durationMs)) * 100)}%)
            </Text>
          </Text>
        ))}
      </Box>
      <Box marginTop={1} flexDirection="column">
        {estimate.calibration ? <Text color="green">{estimate.calibration.note}</Text> : <Text color="yellow">{uncalibrated}</Text>}
        {notes.map((note) => (
          <Text key={note} dimColor>
            {note}
          </Text>
        ))}
      </Box>
    </Box>
  );
}
