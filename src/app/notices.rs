//! 通知公告 in the app: loading the screen (and 设置 › 通知模板) and running its commands.

use crate::error::Result;
use crate::views::notices::{NoticeCommand, NoticesData};
use chrono::Datelike;

impl super::App {
    pub(super) fn load_notices(&mut self) -> Result<()> {
        use crate::db::notices as n;
        let year = self.now().year();
        let templates = n::templates(&self.conn)?;
        let prefix = n::prefix(&self.conn)?;
        self.settings
            .notice_templates
            .set_data(templates.clone(), prefix.clone());
        self.notices.set_data(NoticesData {
            templates,
            notices: n::notices_of_year(&self.conn, year)?,
            buildings: n::buildings(&self.conn)?,
            office: crate::db::settings::load_office(&self.conn)?,
            prefix,
            year,
        });
        Ok(())
    }

    pub(super) fn run_notices(&mut self, command: NoticeCommand) {
        let now = self.now();
        match command {
            NoticeCommand::Issue(draft, path) => {
                let by = self.notices.by.trim().to_string();
                match crate::pdf::notices::issue_notice(&self.conn, &draft, &by, &path, now) {
                    Ok((row, pages)) => {
                        self.notices.issued(&row);
                        self.data_changed();
                        self.ok(format!(
                            "已发出 {} {}（{pages} 页）：{}",
                            row.number,
                            row.title_text(),
                            path.display()
                        ));
                    }
                    Err(e) => self.output_failed(&e),
                }
            }
            NoticeCommand::Reprint(id, path) => {
                match crate::pdf::notices::reprint_notice(&self.conn, id, &path, now) {
                    Ok(pages) => {
                        self.notices.output = None;
                        self.ok(format!("已重印（{pages} 页）：{}", path.display()));
                    }
                    Err(e) => self.output_failed(&e),
                }
            }
            NoticeCommand::BrowseOutput => {
                let name = self.notices.output.as_ref().map(|o| o.path.clone());
                if let Some(name) = name {
                    let file = std::path::Path::new(&name)
                        .file_name()
                        .map(|f| f.to_string_lossy().into_owned())
                        .unwrap_or_else(|| "通知.pdf".into());
                    if let Some(path) = self.picked(crate::ui::dialogs::save_pdf(&file))
                        && let Some(form) = &mut self.notices.output
                    {
                        form.path = path.display().to_string();
                    }
                }
            }
            NoticeCommand::SaveTemplate(id, t) => {
                match crate::db::notices::save_template(&self.conn, id, &t, "", now) {
                    Ok(id) => {
                        self.settings.notice_templates.saved(id);
                        self.notices.stale = true;
                        self.ok(format!("已保存通知模板“{}”。", t.name.trim()));
                    }
                    Err(e) => {
                        self.settings.notice_templates.error = Some(e.to_string());
                        self.fail(&e);
                    }
                }
            }
            NoticeCommand::SavePrefix(p) => {
                let p = if p.trim().is_empty() {
                    crate::db::notices::DEFAULT_PREFIX.to_string()
                } else {
                    p
                };
                match crate::db::settings::set(&self.conn, crate::db::notices::PREFIX, &p) {
                    Ok(()) => {
                        self.notices.stale = true;
                        self.ok(format!(
                            "文号前缀已改为“{p}”，下一个通知的文号如 {}。",
                            crate::domain::notices::reference(&p, now.year(), 1)
                        ));
                    }
                    Err(e) => self.fail(&e),
                }
            }
        }
    }

    fn output_failed(&mut self, e: &crate::error::Error) {
        if let Some(f) = &mut self.notices.output {
            f.error = Some(e.to_string());
        }
        self.fail(e);
    }
}
