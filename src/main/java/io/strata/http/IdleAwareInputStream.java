package io.strata.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that runs a hook just before a read that would wait for the client (nothing is
 * buffered). Streaming produce uses it to send the records parsed so far to the log and answer them
 * before waiting: a client that sends one record and waits for its report is answered, and a client
 * that sends many at once gets them appended in large batches.
 */
final class IdleAwareInputStream extends FilterInputStream {

    /** Work to do before blocking; may throw to abort the read (the client went away). */
    interface IdleHook {
        void beforeWaiting() throws IOException;
    }

    private volatile IdleHook hook;

    IdleAwareInputStream(InputStream in) {
        super(in);
    }

    void onIdle(IdleHook hook) {
        this.hook = hook;
    }

    @Override
    public int read() throws IOException {
        beforeRead();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        beforeRead();
        return super.read(b, off, len);
    }

    private void beforeRead() throws IOException {
        IdleHook h = hook;
        if (h != null && in.available() == 0) {
            h.beforeWaiting();
        }
    }
}
