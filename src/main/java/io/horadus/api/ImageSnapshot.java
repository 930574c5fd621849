package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One image a release ran, kept by the operator so a rollback needs no rebuild: the compose image
 * name (often :latest, which the next build moves), the image ID it pointed at, and the operator's own
 * tag that keeps that ID alive.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageSnapshot {

    @JsonPropertyDescription("Compose service that ran the image.")
    private String service;

    @JsonPropertyDescription("The image name compose uses, e.g. horadus-api:latest.")
    private String image;

    @JsonPropertyDescription("The image ID (sha256:...) the release ran.")
    private String id;

    @JsonPropertyDescription("The operator's tag on that ID: <repository>:horadus-<release tag>.")
    private String snapshot;

    public ImageSnapshot() {
    }

    public ImageSnapshot(String service, String image, String id, String snapshot) {
        this.service = service;
        this.image = image;
        this.id = id;
        this.snapshot = snapshot;
    }

    public String getService() { return service; }
    public void setService(String service) { this.service = service; }
    public String getImage() { return image; }
    public void setImage(String image) { this.image = image; }
    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getSnapshot() { return snapshot; }
    public void setSnapshot(String snapshot) { this.snapshot = snapshot; }
}
