//! Why an edit or its write check refuses: typed, so a caller can tell the cases apart, and
//! worded once.

/// An edit the editor will not make. `what` names the value as the user knows it (`` `image` ``,
/// `` `resources.limits.cpu` ``, `the entry`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The value lies inside an anchored node that aliases elsewhere use.
    #[error(
        "{what} is part of the anchor `&{name}`, which other entries use through `*{name}`; changing it would change them too (edit the anchor by hand, or give this entry its own value)"
    )]
    SharedAnchor { what: String, name: String },
    /// Removing the entry would leave aliases elsewhere without their anchor.
    #[error(
        "the entry defines the anchor `&{name}`, which other parts of the file use through `*{name}`; removing it would break them"
    )]
    AnchorUsedElsewhere { name: String },
    /// The list is itself an alias of a list defined elsewhere.
    #[error(
        "`{list}` is the alias `*{name}` of a list defined elsewhere in the file; changing it would change that list too (write the list out under `{list}`)"
    )]
    ListIsAlias { list: String, name: String },
    /// The value is reached through an alias.
    #[error("{what} comes through an alias; changing it would change every entry that shares it")]
    ThroughAlias { what: String },
    /// A new key would hide a value the mapping takes from a merge key.
    #[error("{what} would shadow values this entry takes from a merge key (`<<`); edit it by hand")]
    ShadowsMerge { what: String },
    /// A block scalar is not rewritten.
    #[error("{what} is a block scalar; edit it by hand")]
    BlockScalar { what: String },
    /// The node is not of the shape the operation needs (the message says which).
    #[error("{0}")]
    Shape(String),
    /// The route or index names nothing.
    #[error("{0}")]
    NotFound(String),
    /// The data of an entry cannot be read (an alias bomb, an unknown alias).
    #[error("{0}")]
    Unreadable(String),
    /// Two operations touch the same text.
    #[error("internal error: two edits overlap")]
    Overlap,
    /// A refusal of the JSON editor.
    #[error("{0}")]
    Json(String),
    /// The change would leave a text held in a value of its file (an inline patch) changing
    /// nothing: the caller removes that value's entry from the file instead (the message says
    /// what is left empty).
    #[error("{0} would be left changing nothing")]
    Emptied(String),
}

/// Why the write check refuses an edited text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    /// The data of the old or the new text cannot be read.
    #[error("{0}")]
    Unreadable(String),
    #[error("the edited text does not parse ({message} at {line}:{column})")]
    Unparsable {
        message: String,
        line: usize,
        column: usize,
    },
    /// The new data is not the old data with the patches applied; `at` says where they differ.
    #[error("the edited data differs from the intended change{at}")]
    Differs { at: String },
    /// An entry the change leaves alone has other text.
    #[error("the text of {what} changed although its data must not (line {line})")]
    TextChanged { what: String, line: usize },
}
