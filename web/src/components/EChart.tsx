// One ECharts chart, drawn as SVG and redrawn when its options or its width change. Options may
// depend on the width the chart has (a phone's 390 px wants its labels wrapped or turned).
// SVG keeps every label real text: crisp at any zoom, and found by the browser's own search.
// Only the chart types the app uses are bundled.
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export function EChart({
  option,
  height = 260,
  testId,
}: {
  option: ChartOption | ((width: number) => ChartOption);
  height?: number;
  testId?: string;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>(undefined);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const resize = new ResizeObserver(([entry]) => {
      instance.resize();
      setWidth(Math.round(entry?.contentRect.width ?? 0));
    });
    resize.observe(element.current);
    return () => {
      resize.disconnect();
      instance.dispose();
    };
  }, []);
  useEffect(() => {
    if (width === 0) return;
    chart.current?.setOption(typeof option === 'function' ? option(width) : option, true);
  }, [option, width]);
  return <div ref={element} style={{ height, width: '100%' }} data-testid={testId} />;
}
