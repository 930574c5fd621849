package io.horadus.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests as the mock API records them, read as RBAC sees them. */
class ApiCallTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "GET    | /apis/horadus.io/v1alpha1/horadusreleases?resourceVersion=0                   | list horadus.io horadusreleases (cluster-wide)",
            "GET    | /apis/horadus.io/v1alpha1/horadusreleases?allowWatchBookmarks=true&watch=true | watch horadus.io horadusreleases (cluster-wide)",
            "PUT    | /apis/horadus.io/v1alpha1/namespaces/default/horadusreleases/r1/status        | update horadus.io horadusreleases/status in namespace default",
            "GET    | /api/v1/namespaces/team-a/secrets/git                                         | get core secrets in namespace team-a",
            "POST   | /api/v1/namespaces/team-a/events                                              | create core events in namespace team-a",
            "PATCH  | /apis/coordination.k8s.io/v1/namespaces/horadus-system/leases/op              | patch coordination.k8s.io leases in namespace horadus-system",
            "DELETE | /api/v1/namespaces/team-a/pods                                                | deletecollection core pods in namespace team-a",
            "GET    | /api/v1/namespaces/team-a                                                     | get core namespaces (cluster-wide)",
            "POST   | /apis/authorization.k8s.io/v1/selfsubjectrulesreviews                         | create authorization.k8s.io selfsubjectrulesreviews (cluster-wide)",
            "GET    | /version                                                                      | get - /version (cluster-wide)",
            "GET    | /apis/horadus.io/v1alpha1                                                     | get - /apis/horadus.io/v1alpha1 (cluster-wide)",
    })
    void readsMethodAndPathAsRbacDoes(String method, String path, String expected) {
        assertThat(ApiCall.of(method, path)).hasToString(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "PUT   | /apis/horadus.io/v1alpha1/namespaces/default/horadusreleases/r1/status | true",
            "PUT   | /apis/horadus.io/v1alpha1/namespaces/default/horadusreleases/r1        | false",
            "GET   | /api/v1/namespaces/default/secrets/git                                 | true",
            "GET   | /api/v1/namespaces/default/secrets                                     | false",
            "GET   | /api/v1/secrets                                                        | false",
            "PATCH | /apis/coordination.k8s.io/v1/namespaces/horadus-system/leases/op       | true",
            "PATCH | /apis/coordination.k8s.io/v1/namespaces/default/leases/op              | false",
    })
    void theListAllowsOnlyWhatItNames(String method, String path, boolean allowed) {
        assertThat(OperatorCalls.load().allows(ApiCall.of(method, path), "horadus-system")).isEqualTo(allowed);
    }
}
