package io.horadus.it;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mock API's CRUD dispatcher, recording every request made with the operator's token (the test's own
 * client sends none), so a test can compare them with the operator's allowed calls. It also answers the
 * SelfSubjectRulesReview JOSDK's leader election asks at start, which the CRUD store cannot: with the
 * rules of the allowed-calls list, which OperatorRbacIT proves the real RBAC grants.
 */
final class RecordingDispatcher extends KubernetesCrudDispatcher {

    private final String operatorAuthorization;
    private final OperatorCalls allowed;
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final Set<ApiCall> operatorCalls = ConcurrentHashMap.newKeySet();
    private final Set<WebSocket> openWatches = ConcurrentHashMap.newKeySet();
    private volatile boolean watchesRefused;

    RecordingDispatcher(String operatorToken, OperatorCalls allowed) {
        this.operatorAuthorization = "Bearer " + operatorToken;
        this.allowed = allowed;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        var call = ApiCall.of(request.getMethod(), request.getPath());
        if (operatorAuthorization.equals(request.getHeader("Authorization"))) {
            operatorCalls.add(call);
        }
        if (call.verb().equals("create") && call.resource().equals("selfsubjectrulesreviews")) {
            return rulesReview(request);
        }
        return super.dispatch(request);
    }

    /**
     * A fault: while refused, every watch request is answered 503, and refusing closes the watches that are
     * open, as an API server or a proxy that drops watches while every other call still succeeds (the
     * Lease renews, status writes go through) and the operator would hear of no change.
     */
    void refuseWatches(boolean refuse) {
        watchesRefused = refuse;
        if (refuse) {
            openWatches.forEach(socket -> socket.close(1001, "watches refused by the test"));
        }
    }

    @Override
    public MockResponse handleWatch(String path) {
        if (watchesRefused) {
            return new MockResponse().setResponseCode(503).setBody("watches refused by the test");
        }
        var response = super.handleWatch(path);
        var listener = response.getWebSocketListener();
        return listener == null ? response : response.withWebSocketUpgrade(new TrackedWatch(listener));
    }

    /** The distinct calls the operator made so far. */
    Set<ApiCall> operatorCalls() {
        return Set.copyOf(operatorCalls);
    }

    private MockResponse rulesReview(RecordedRequest request) {
        var review = serialization.unmarshal(request.getUtf8Body(), SelfSubjectRulesReview.class);
        review.setStatus(new SubjectRulesReviewStatusBuilder()
                .withIncomplete(false)
                .withResourceRules(allowed.entries().stream()
                        .map(entry -> new ResourceRuleBuilder()
                                .withApiGroups(entry.group())
                                .withResources(entry.resourceWithSubresource())
                                .withVerbs(entry.verb())
                                .build())
                        .toList())
                .withNonResourceRules(List.of())
                .build());
        return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json").setBody(serialization.asJson(review));
    }

    /** The mock's watch, with its socket kept while it is open so that {@link #refuseWatches} can close it. */
    private final class TrackedWatch extends WebSocketListener {
        private final WebSocketListener watch;

        TrackedWatch(WebSocketListener watch) {
            this.watch = watch;
        }

        @Override
        public void onBeforeAccept(WebSocket socket, Response response) {
            watch.onBeforeAccept(socket, response);
        }

        @Override
        public void onOpen(WebSocket socket, Response response) {
            openWatches.add(socket);
            watch.onOpen(socket, response);
        }

        @Override
        public void onMessage(WebSocket socket, String text) {
            watch.onMessage(socket, text);
        }

        @Override
        public void onMessage(WebSocket socket, ByteString bytes) {
            watch.onMessage(socket, bytes);
        }

        @Override
        public void onMessage(WebSocket socket, byte[] bytes) {
            watch.onMessage(socket, bytes);
        }

        @Override
        public void onClosing(WebSocket socket, int code, String reason) {
            openWatches.remove(socket);
            watch.onClosing(socket, code, reason);
        }

        @Override
        public void onClosed(WebSocket socket, int code, String reason) {
            openWatches.remove(socket);
            watch.onClosed(socket, code, reason);
        }

        @Override
        public void onFailure(WebSocket socket, Throwable error, Response response) {
            openWatches.remove(socket);
            watch.onFailure(socket, error, response);
        }
    }
}
