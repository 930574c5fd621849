package io.horadus.compose;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.HostImages;
import io.horadus.release.port.ImageReference;

import java.util.function.Supplier;

/** {@link HostImages} through docker-java, against the release's engine. */
public final class DockerImages implements HostImages {

    private final DockerClients clients;

    public DockerImages(DockerClients clients) {
        this.clients = clients;
    }

    @Override
    public boolean exists(ComposeTarget target, String imageId) {
        return onHost(target, () -> {
            try {
                clients.client(target.dockerHost(), target.tls()).inspectImageCmd(imageId).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    @Override
    public void tag(ComposeTarget target, String imageId, String reference) {
        var name = ImageReference.parse(reference);
        onHost(target, () -> {
            clients.client(target.dockerHost(), target.tls()).tagImageCmd(imageId, name.repository(), name.tag()).withForce(true).exec();
            return null;
        });
    }

    @Override
    public void untag(ComposeTarget target, String reference) {
        onHost(target, () -> {
            try {
                clients.client(target.dockerHost(), target.tls()).removeImageCmd(reference).withForce(false).exec();
            } catch (NotFoundException e) {
                // already gone: nothing of ours left to remove
            } catch (ConflictException e) {
                // a container still runs it: the name stays until a later prune
            }
            return null;
        });
    }

    private static <T> T onHost(ComposeTarget target, Supplier<T> call) {
        return EngineCalls.onHost(target, call);
    }
}
