package io.horadus.it;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

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
}
