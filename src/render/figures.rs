//! Figures 1 and 2 as pictures for the Word draft (the workbook has them as
//! native charts): drawn with plotters into a pixel buffer, in the bundled
//! Liberation Sans so that no system font is needed and every machine draws
//! the same pixels, and encoded as PNG.

use std::sync::OnceLock;

use anyhow::{Context, Result, anyhow, bail};
use plotters::prelude::*;

use crate::text::thousands;

/// Print quality: 200 pixels an inch.
pub const DPI: u32 = 200;

/// The paper's palette, in slice and series order.
const COLOURS: [RGBColor; 8] = [
    RGBColor(0, 84, 147),
    RGBColor(237, 125, 49),
    RGBColor(112, 173, 71),
    RGBColor(255, 192, 0),
    RGBColor(91, 155, 213),
    RGBColor(165, 165, 165),
    RGBColor(68, 114, 196),
    RGBColor(158, 72, 14),
];

const FONT: &str = "sans-serif";

/// Register the bundled font once for the process.
fn font() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(
            FONT,
            FontStyle::Normal,
            include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf"),
        )
        .is_ok()
    });
    if ok {
        Ok(())
    } else {
        bail!("the bundled font could not be loaded")
    }
}

/// A drawn figure: PNG bytes and its size in pixels.
pub struct Picture {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn draw_error<E: std::fmt::Debug>(error: E) -> anyhow::Error {
    anyhow!("a figure could not be drawn: {error:?}")
}

/// Figure 1: a doughnut of voting groups by party category, with a legend
/// giving each category's count and share.
pub fn voting_groups(categories: &[(String, u64)]) -> Result<Picture> {
    font()?;
    let (width, height) = (6 * DPI, 3 * DPI);
    let mut buffer = vec![255u8; (width * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let total: u64 = categories.iter().map(|(_, n)| n).sum();
        let shown: Vec<&(String, u64)> = categories.iter().filter(|(_, n)| *n > 0).collect();
        let (chart, legend) = root.split_horizontally(height);
        if total == 0 {
            chart
                .draw_text(
                    "No voting groups",
                    &(FONT, 40).into_font().color(&BLACK),
                    (height as i32 / 4, height as i32 / 2),
                )
                .map_err(draw_error)?;
        } else {
            let centre = (height as i32 / 2, height as i32 / 2);
            let radius = f64::from(height) * 0.45;
            let sizes: Vec<f64> = shown.iter().map(|(_, n)| *n as f64).collect();
            let colours: Vec<RGBColor> = (0..shown.len())
                .map(|i| COLOURS[i % COLOURS.len()])
                .collect();
            // The legend gives each slice's count and share.
            let labels = vec![String::new(); shown.len()];
            let mut pie = Pie::new(&centre, &radius, &sizes, &colours, &labels);
            pie.start_angle(-90.0);
            pie.donut_hole(radius * 0.5);
            chart.draw(&pie).map_err(draw_error)?;
        }
        let style = (FONT, 30).into_font().color(&BLACK);
        let line = 52;
        let top = (height as i32 - line * shown.len() as i32) / 2;
        for (i, (name, count)) in shown.iter().enumerate() {
            let y = top + line * i as i32;
            let colour = COLOURS[i % COLOURS.len()];
            legend
                .draw(&Rectangle::new(
                    [(20, y + 6), (50, y + 36)],
                    colour.filled(),
                ))
                .map_err(draw_error)?;
            let share = 100.0 * *count as f64 / total.max(1) as f64;
            legend
                .draw_text(
                    &format!("{name}: {} ({share:.0}%)", thousands(*count)),
                    &style,
                    (64, y + 6),
                )
                .map_err(draw_error)?;
        }
        root.present().map_err(draw_error)?;
    }
    encode(buffer, width, height)
}

/// Figure 2: visits and page views by month, as lines with markers. A month
/// with no figure breaks its line.
pub fn website_usage(months: &[String], series: &[(&str, &[Option<u64>])]) -> Result<Picture> {
    font()?;
    let (width, height) = (6 * DPI, 3 * DPI);
    let mut buffer = vec![255u8; (width * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let top = series
            .iter()
            .flat_map(|(_, values)| values.iter().flatten())
            .copied()
            .max()
            .unwrap_or(0);
        let ceiling = nice_ceiling(top);
        let count = months.len().max(1);
        let mut chart = ChartBuilder::on(&root)
            .margin(24)
            .x_label_area_size(56)
            .y_label_area_size(110)
            .build_cartesian_2d(-0.5f64..count as f64 - 0.5, 0f64..ceiling as f64)
            .map_err(draw_error)?;
        let label_style = (FONT, 26).into_font().color(&BLACK);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(count)
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() < 1e-6 && i >= 0.0 {
                    months.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_labels(6)
            .y_label_formatter(&|y| thousands(y.round().max(0.0) as u64))
            .label_style(label_style.clone())
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(217, 217, 217))
            .draw()
            .map_err(draw_error)?;
        for (i, (name, values)) in series.iter().enumerate() {
            let colour = COLOURS[i % COLOURS.len()];
            let points: Vec<(f64, Option<f64>)> = values
                .iter()
                .enumerate()
                .map(|(x, v)| (x as f64, v.map(|v| v as f64)))
                .collect();
            // One line per run of months with figures.
            for run in points.split(|(_, v)| v.is_none()) {
                let line: Vec<(f64, f64)> =
                    run.iter().filter_map(|(x, v)| v.map(|v| (*x, v))).collect();
                chart
                    .draw_series(LineSeries::new(line, colour.stroke_width(5)))
                    .map_err(draw_error)?;
            }
            let dots = points
                .iter()
                .filter_map(|(x, v)| v.map(|v| Circle::new((*x, v), 7, colour.filled())));
            chart
                .draw_series(dots)
                .map_err(draw_error)?
                .label(*name)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 36, y)], colour.stroke_width(5))
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperMiddle)
            .label_font(label_style)
            .background_style(WHITE.mix(0.9))
            .border_style(RGBColor(191, 191, 191))
            .draw()
            .map_err(draw_error)?;
        root.present().map_err(draw_error)?;
    }
    encode(buffer, width, height)
}

/// The smallest 1, 2 or 5 × 10ⁿ at or above `top` (at least 10), so the
/// axis ends on a round figure.
fn nice_ceiling(top: u64) -> u64 {
    let mut step = 10u64;
    loop {
        for m in [1, 2, 5] {
            let candidate = step.saturating_mul(m);
            if candidate >= top {
                return candidate;
            }
        }
        if step > u64::MAX / 10 {
            return u64::MAX;
        }
        step *= 10;
    }
}

fn encode(buffer: Vec<u8>, width: u32, height: u32) -> Result<Picture> {
    let mut png = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        // 200 pixels an inch, in pixels a metre.
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: 7874,
            yppu: 7874,
            unit: png::Unit::Meter,
        }));
        let mut writer = encoder
            .write_header()
            .context("a figure could not be encoded")?;
        writer
            .write_image_data(&buffer)
            .context("a figure could not be encoded")?;
    }
    Ok(Picture { png, width, height })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_ceilings_are_round() {
        assert_eq!(nice_ceiling(0), 10);
        assert_eq!(nice_ceiling(47_841), 50_000);
        assert_eq!(nice_ceiling(50_001), 100_000);
        assert_eq!(nice_ceiling(120), 200);
        assert_eq!(nice_ceiling(u64::MAX), u64::MAX);
    }

    #[test]
    fn figures_are_pngs_of_the_stated_size() {
        let groups = vec![
            ("Large Supplier Parties".to_string(), 20),
            ("Other".to_string(), 5),
        ];
        let months: Vec<String> = ["Jan 19", "Feb 19", "Mar 19"].map(String::from).to_vec();
        let visits = [Some(9_285), None, Some(8_883)];
        for picture in [
            voting_groups(&groups),
            voting_groups(&[]),
            website_usage(&months, &[("Visits", &visits)]),
        ] {
            let picture = picture.map_err(|e| e.to_string());
            assert!(picture.is_ok(), "{picture:?}", picture = picture.err());
            if let Ok(picture) = picture {
                assert!(picture.png.starts_with(b"\x89PNG"));
                assert_eq!((picture.width, picture.height), (6 * DPI, 3 * DPI));
            }
        }
    }
}
