package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A release's notes as the reviewer reads them, bounded so status stays small. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReleaseNotes {

    @JsonPropertyDescription("Where the notes come from: Tag (the annotated tag's message body) or Changelog.")
    private NotesSource source;

    @JsonPropertyDescription("The changelog file the notes come from, when source is Changelog.")
    private String path;

    @JsonPropertyDescription("The notes, at most 2048 characters; longer notes are cut and end with a line saying how much was left out.")
    private String text;

    public ReleaseNotes() {
    }

    public ReleaseNotes(NotesSource source, String path, String text) {
        this.source = source;
        this.path = path;
        this.text = text;
    }

    public NotesSource getSource() { return source; }
    public void setSource(NotesSource source) { this.source = source; }
    public String getPath() { return path; }
    public void setPath(String path) { this.path = path; }
    public String getText() { return text; }
    public void setText(String text) { this.text = text; }
}
