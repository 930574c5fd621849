package io.horadus.notify;

import io.horadus.api.Reason;
import io.horadus.api.SecretKeyRef;
import io.horadus.release.ReleaseEvent;
import io.horadus.release.driver.Notifier;
import io.horadus.release.driver.ReleaseInput;
import io.horadus.release.notify.Notice;
import io.horadus.release.port.SecretMask;
import io.horadus.release.port.SecretRefusedException;
import io.horadus.release.port.SecretStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Tells webhooks about a release: its own (spec.notify.webhook) and the operator's (horadus.notify.secret, for
 * every release), each URL read from a Secret when there is something to tell, on the pass's thread; the
 * posting is {@link Delivery}'s, on a thread of its own. A destination that cannot be used (its Secret or key
 * missing, a value that is no http(s) URL) is said in a NotificationFailed event on the release and counted
 * as Failed; the release goes on. The URL is in no message, event or log line.
 */
public final class WebhookNotifier implements Notifier, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WebhookNotifier.class);

    /**
     * The operator's own webhook, for every release.
     *
     * @param namespace where its Secret is (the operator's namespace; the command line's secrets folder has none)
     */
    public record OwnWebhook(String namespace, SecretKeyRef secretRef, String setting) {
    }

    private final SecretStore secrets;
    private final Optional<OwnWebhook> own;
    private final Delivery delivery;
    private final WebhookMessage messages = new WebhookMessage();

    /** @param registry where horadus_notifications_total{result} is counted */
    public WebhookNotifier(SecretStore secrets, Optional<OwnWebhook> own, DeliverySettings settings, MeterRegistry registry, Clock clock) {
        this(secrets, own, new Delivery(new HttpTransport(settings.timeout()), senderThread(), clock, settings, registry));
    }

    WebhookNotifier(SecretStore secrets, Optional<OwnWebhook> own, Delivery delivery) {
        this.secrets = secrets;
        this.own = own;
        this.delivery = delivery;
    }

    /** One daemon thread, started with the first notification; retries not yet due are cancelled on close. */
    private static ScheduledExecutorService senderThread() {
        var executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            var thread = new Thread(runnable, "horadus-notify");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    @Override
    public List<ReleaseEvent> notify(ReleaseInput input, List<Notice> notices) {
        if (notices.isEmpty()) {
            return List.of();
        }
        var problems = new ArrayList<ReleaseEvent>();
        var webhooks = new ArrayList<Webhook>();
        var spec = input.spec().getNotify();
        if (spec != null && spec.getWebhook() != null && spec.getWebhook().getSecretRef() != null) {
            resolve(input.namespace(), spec.getWebhook().getSecretRef(), "spec.notify.webhook.secretRef").ifPresentOrElse(webhooks::add,
                    problem -> problems.add(ReleaseEvent.warning(Reason.NotificationFailed, problem + ": no notification sent")));
        }
        own.ifPresent(webhook -> resolve(webhook.namespace(), webhook.secretRef(), webhook.setting()).ifPresentOrElse(webhooks::add, problem -> {
            LOG.warnf("%s: %s: no notification sent", input.key(), problem);
            problems.add(ReleaseEvent.warning(Reason.NotificationFailed, problem + ": no notification sent"));
        }));
        for (var notice : notices) {
            for (int i = 0; i < problems.size(); i++) {
                delivery.notSendable();
            }
            for (var webhook : webhooks) {
                // Whatever a message quotes (a check's output), the URL it goes to is not in it.
                var masked = notice.masked(SecretMask.of(List.of(webhook.url().toString())));
                delivery.offer(new Delivery.Message(webhook, notice.kind() + " of " + notice.release() + " " + notice.tag(), messages.of(masked)));
            }
        }
        return problems;
    }

    /** The webhook a Secret's key names, or why there is none (naming the Secret and key, never the value). */
    private Resolved resolve(String namespace, SecretKeyRef ref, String field) {
        var key = ref.getKey() == null ? SecretKeyRef.URL_KEY : ref.getKey();
        var origin = "Secret " + ref.getName() + " key '" + key + "' (" + field + ")";
        try {
            var data = secrets.read(namespace, ref.getName());
            if (data.isEmpty()) {
                return Resolved.problem("Secret " + ref.getName() + " (" + field + ") not found" + (namespace.isEmpty() ? "" : " in namespace " + namespace));
            }
            var value = data.get().get(key);
            if (value == null) {
                return Resolved.problem("Secret " + ref.getName() + " (" + field + ") has no key '" + key + "'");
            }
            var url = url(new String(value, StandardCharsets.UTF_8).strip());
            return url.map(u -> Resolved.of(new Webhook(u, origin)))
                    .orElseGet(() -> Resolved.problem(origin + " holds no http(s) URL"));
        } catch (SecretRefusedException refused) {
            return Resolved.problem(refused.getMessage() + " (" + field + ")");
        } catch (RuntimeException e) {
            // A Secret that cannot be read now (the API server did not answer) is no reason to hold the release.
            return Resolved.problem("Secret " + ref.getName() + " (" + field + ") could not be read: " + e.getClass().getSimpleName());
        }
    }

    private static Optional<URI> url(String text) {
        try {
            var uri = new URI(text);
            var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            // The exception's text quotes the value: not passed on.
            return Optional.empty();
        }
    }

    /** Sends what is queued for a moment, then stops. */
    @Override
    public void close() {
        delivery.close();
    }

    /** A webhook, or why there is none. */
    private record Resolved(Webhook webhook, String problem) {
        static Resolved of(Webhook webhook) {
            return new Resolved(webhook, null);
        }

        static Resolved problem(String problem) {
            return new Resolved(null, problem);
        }

        void ifPresentOrElse(java.util.function.Consumer<Webhook> found, java.util.function.Consumer<String> missing) {
            if (webhook != null) {
                found.accept(webhook);
            } else {
                missing.accept(problem);
            }
        }
    }
}
