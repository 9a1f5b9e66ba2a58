//! Pure rules: no egui, no SQL. Everything here is unit-tested beside its code.

/// A closed set of Chinese words (用途, 状态, 性别 …) with the other words offices use for them.
macro_rules! chinese_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The Chinese word, or one of the other words offices use for it.
            pub fn parse(input: &str) -> Option<$name> {
                let s = $crate::domain::text::normalize(input);
                match s.as_str() {
                    $($text $(| $alias)* => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod archives;
pub mod area;
pub mod assessment;
pub mod backup;
pub mod calendar;
pub mod charging;
pub mod complaints;
pub mod date;
pub mod estate;
pub mod keys;
pub mod money;
pub mod notices;
pub mod period;
pub mod person;
pub mod repairs;
pub mod search;
pub mod staff;
pub mod text;
pub mod users;
pub mod visits;
