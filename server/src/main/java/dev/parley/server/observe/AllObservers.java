package dev.parley.server.observe;

import dev.parley.codec.text.ErrorCode;
import dev.parley.server.Session;

import java.net.SocketAddress;

/** {@link ServerObserver#all}: each observer in turn. */
final class AllObservers implements ServerObserver {

    private final ServerObserver[] observers;

    AllObservers(ServerObserver[] observers) {
        this.observers = observers;
    }

    @Override
    public void connectionOpened(Session session) {
        for (ServerObserver o : observers) {
            o.connectionOpened(session);
        }
    }

    @Override
    public void connectionClosed(Session session) {
        for (ServerObserver o : observers) {
            o.connectionClosed(session);
        }
    }

    @Override
    public void connectionRefused(SocketAddress remote, ErrorCode code) {
        for (ServerObserver o : observers) {
            o.connectionRefused(remote, code);
        }
    }

    @Override
    public void requestAnswered(Session session, String verb, ErrorCode error, long nanos) {
        for (ServerObserver o : observers) {
            o.requestAnswered(session, verb, error, nanos);
        }
    }

    @Override
    public void requestHeld(Session session) {
        for (ServerObserver o : observers) {
            o.requestHeld(session);
        }
    }

    @Override
    public void bytesRead(Session session, long bytes) {
        for (ServerObserver o : observers) {
            o.bytesRead(session, bytes);
        }
    }

    @Override
    public void bytesWritten(Session session, long bytes) {
        for (ServerObserver o : observers) {
            o.bytesWritten(session, bytes);
        }
    }
}
