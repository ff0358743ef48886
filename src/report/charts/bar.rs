//! The bar-chart primitive of the HTML report's charts: grouped vertical bars on a fixed
//! 760 × 260 canvas with a rounded axis, an optional target line and a legend. Kept apart
//! from the charts that fill it, which only pick data out of the findings.

use std::fmt::Write as _;

use crate::report::escape_html as e;

/// A number for an axis label: at most two decimals, no trailing zeros.
pub(super) fn fmt_num(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The smallest of 1, 2, 2.5, 5 × 10^k at least `x`: a round top for an axis.
pub(super) fn nice_ceil(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let scale = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * scale).find(|v| *v >= x).unwrap_or(10.0 * scale)
}

/// One bar: its value, its CSS class, an optional per-bar target tick and a tooltip.
pub(super) struct Bar {
    pub(super) value: f64,
    pub(super) class: String,
    pub(super) target: Option<f64>,
    pub(super) tooltip: String,
}

/// A group of bars under one x label (a month, a ticket).
pub(super) struct Group {
    pub(super) label: String,
    pub(super) bars: Vec<Bar>,
}

/// A vertical bar chart with an optional horizontal target line.
pub(super) struct BarChart {
    pub(super) title: String,
    pub(super) groups: Vec<Group>,
    pub(super) y_min: f64,
    pub(super) y_max: f64,
    pub(super) unit: &'static str,
    pub(super) target_line: Option<(f64, String)>,
    pub(super) legend: Vec<(String, String)>,
}

pub(super) const W: f64 = 760.0;
pub(super) const H: f64 = 260.0;
pub(super) const LEFT: f64 = 64.0;
pub(super) const RIGHT: f64 = 16.0;
pub(super) const TOP: f64 = 16.0;
pub(super) const BOTTOM: f64 = 48.0;
/// Width of a label's character (11 px sans-serif), and of a turned label's line.
const CHAR_W: f64 = 6.5;
const LINE_W: f64 = 11.0;

impl BarChart {
    fn y(&self, v: f64) -> f64 {
        let v = v.clamp(self.y_min, self.y_max);
        TOP + (H - TOP - BOTTOM) * (1.0 - (v - self.y_min) / (self.y_max - self.y_min))
    }

    pub(super) fn render(&self) -> String {
        let plot_w = W - LEFT - RIGHT;
        let n = self.groups.len().max(1) as f64;
        let group_w = plot_w / n;
        // Labels side by side when they fit; else turned 60° (each then needs a line's height
        // across, 11 px), one in `label_every` when even that does not fit. The canvas grows
        // below the plot for turned labels, cut to 12 characters (the tooltip has them whole).
        let widest = self.groups.iter().map(|g| g.label.chars().count()).max().unwrap_or(0) as f64;
        let rotate = widest * CHAR_W > group_w * 0.95;
        let label_every = if rotate { (LINE_W / group_w).ceil().max(1.0) as usize } else { 1 };
        let extra = if rotate { (widest.min(12.0) * CHAR_W * 0.87 - 20.0).max(0.0) } else { 0.0 };
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {:.1}" role="img" class="chart"><title>{}</title>"#,
            H + extra,
            e(&self.title)
        );
        // Axis with three gridlines.
        for k in 0..=2 {
            let v = self.y_min + (self.y_max - self.y_min) * k as f64 / 2.0;
            let y = self.y(v);
            let _ = write!(
                s,
                r#"<line class="grid" x1="{LEFT}" y1="{y:.1}" x2="{}" y2="{y:.1}"/><text class="axis" x="{}" y="{:.1}" text-anchor="end">{} {}</text>"#,
                W - RIGHT,
                LEFT - 6.0,
                y + 4.0,
                fmt_num(v),
                self.unit
            );
        }
        for (gi, g) in self.groups.iter().enumerate() {
            let gx = LEFT + group_w * gi as f64;
            let bar_w = (group_w * 0.8 / g.bars.len().max(1) as f64).clamp(0.5, 48.0);
            let inset = (group_w - bar_w * g.bars.len() as f64) / 2.0;
            for (bi, b) in g.bars.iter().enumerate() {
                let x = gx + inset + bar_w * bi as f64;
                let y = self.y(b.value);
                let base = self.y(self.y_min);
                let clipped = if b.value > self.y_max { " clipped" } else { "" };
                let _ = write!(
                    s,
                    r#"<rect class="bar {}{clipped}" x="{x:.1}" y="{y:.1}" width="{bar_w:.1}" height="{:.1}"><title>{}</title></rect>"#,
                    e(&b.class),
                    (base - y).max(0.5),
                    e(&b.tooltip)
                );
                if let Some(t) = b.target {
                    let ty = self.y(t);
                    let _ = write!(
                        s,
                        r#"<line class="tick" x1="{:.1}" y1="{ty:.1}" x2="{:.1}" y2="{ty:.1}"/>"#,
                        x - 1.0,
                        x + bar_w + 1.0
                    );
                }
            }
            if gi % label_every == 0 && rotate {
                let (x, y) = (gx + group_w / 2.0 + 3.0, H - BOTTOM + 8.0);
                let label = crate::report::text::shorten(&g.label, 12);
                let _ = write!(
                    s,
                    r#"<text class="label" x="{x:.1}" y="{y:.1}" text-anchor="end" transform="rotate(-60 {x:.1} {y:.1})">{}</text>"#,
                    e(&label)
                );
            } else if gi % label_every == 0 {
                let _ = write!(
                    s,
                    r#"<text class="label" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                    gx + group_w / 2.0,
                    H - BOTTOM + 16.0,
                    e(&g.label)
                );
            }
        }
        if let Some((t, label)) = &self.target_line {
            let y = self.y(*t);
            let _ = write!(
                s,
                r#"<line class="target" x1="{LEFT}" y1="{y:.1}" x2="{}" y2="{y:.1}"/><text class="target-label" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
                W - RIGHT,
                W - RIGHT,
                y - 4.0,
                e(label)
            );
        }
        let mut lx = LEFT;
        for (label, class) in &self.legend {
            let _ = write!(
                s,
                r#"<rect class="bar {}" x="{lx:.1}" y="{:.1}" width="10" height="10"/><text class="legend" x="{:.1}" y="{:.1}">{}</text>"#,
                e(class),
                H + extra - 18.0,
                lx + 14.0,
                H + extra - 9.0,
                e(label)
            );
            lx += 24.0 + 7.0 * label.chars().count() as f64;
        }
        s.push_str("</svg>");
        s
    }
}
