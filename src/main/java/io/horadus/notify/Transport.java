package io.horadus.notify;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/** One POST of a JSON body: HTTP in production ({@link HttpTransport}), a fake in the queue's tests. */
interface Transport {

    /**
     * @return the response's status code
     * @throws IOException the endpoint could not be reached or did not answer within {@code timeout}
     */
    int post(URI url, byte[] json, Duration timeout) throws IOException, InterruptedException;
}
