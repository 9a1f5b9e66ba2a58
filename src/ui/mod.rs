//! Shared UI pieces: the CJK font, design tokens, small widgets, and the only `rfd` caller.

pub mod dialogs;
pub mod theme;

use std::sync::Arc;

/// Adds the bundled Noto Sans SC as a fallback to both families, so Chinese renders in every
/// widget (and egui_kittest, which panics on a missing glyph, guards against tofu).
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "noto_sans_sc".into(),
        Arc::new(egui::FontData::from_static(crate::pdf::FONT_BYTES)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("noto_sans_sc".into());
    }
    ctx.set_fonts(fonts);
}

/// A label and a single-line text field joined for screen readers and tests: the field is
/// found by its label, the way a person finds it.
pub fn labelled_field(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    hint: &str,
) -> egui::Response {
    let l = ui.label(label);
    let r = ui
        .add(
            egui::TextEdit::singleline(value)
                .hint_text(hint)
                .desired_width(theme::FIELD_WIDTH),
        )
        .labelled_by(l.id);
    ui.end_row();
    r
}

/// A dialog window as every form in the product behaves: centred near the top, not
/// collapsible, closed by its × or when `contents` returns true (its 取消 button).
/// Returns true when the dialog should close.
pub fn dialog(
    ctx: &egui::Context,
    title: &str,
    contents: impl FnOnce(&mut egui::Ui) -> bool,
) -> bool {
    let mut open = true;
    let mut cancelled = false;
    egui::Window::new(title)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 60.0))
        .collapsible(false)
        // Sized to the content every frame, so buttons at the bottom are never cut off.
        .resizable(false)
        .open(&mut open)
        .show(ctx, |ui| cancelled = contents(ui));
    !open || cancelled
}
