//! Design tokens: colours and sizes used across views, named once.

use egui::Color32;

pub const FIELD_WIDTH: f32 = 220.0;
pub const NAV_WIDTH: f32 = 150.0;
pub const ROW_HEIGHT: f32 = 24.0;
pub const ERROR: Color32 = Color32::from_rgb(0xC0, 0x39, 0x2B);
pub const SUCCESS: Color32 = Color32::from_rgb(0x1E, 0x84, 0x49);
pub const WARNING: Color32 = Color32::from_rgb(0xB9, 0x77, 0x0E);
pub const MUTED: Color32 = Color32::from_rgb(0x70, 0x70, 0x70);

pub fn apply(ctx: &egui::Context) {
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        for (_, font) in style.text_styles.iter_mut() {
            font.size = (font.size * 1.15).round();
        }
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
    });
}
