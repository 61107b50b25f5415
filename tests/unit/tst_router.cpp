// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Router.h"

#include <QtTest>

using smmo::Router;

class TestRouter : public QObject
{
    Q_OBJECT

private slots:
    void literalBeatsPlaceholder()
    {
        Router r;
        r.add({"GET"}, QStringLiteral("/<zoneid>"));
        const int health = r.add({"GET"}, QStringLiteral("/health"));
        auto m = r.match("GET", QStringLiteral("/health"));
        QCOMPARE(m.outcome, Router::Outcome::Found);
        QCOMPARE(m.routeId, health);
        m = r.match("GET", QStringLiteral("/playerinstance-GhibliHills-Groxnor"));
        QCOMPARE(m.routeId, 0);
        QCOMPARE(m.params.value(QStringLiteral("zoneid")), QStringLiteral("playerinstance-GhibliHills-Groxnor"));
    }

    void placeholdersAreDecoded()
    {
        Router r;
        r.add({"GET"}, QStringLiteral("/<name>/zone"));
        auto m = r.match("GET", QStringLiteral("/Gr%C3%B6x%2Fnor/zone"));
        QCOMPARE(m.outcome, Router::Outcome::Found);
        QCOMPARE(m.params.value(QStringLiteral("name")), QStringLiteral("Gröx/nor"));
        QCOMPARE(r.match("GET", QStringLiteral("//zone")).outcome, Router::Outcome::NotFound);
        QCOMPARE(r.match("GET", QStringLiteral("/a/b/zone")).outcome, Router::Outcome::NotFound);
    }

    void root()
    {
        Router r;
        const int root = r.add({"GET"}, QStringLiteral("/"));
        QCOMPARE(r.match("GET", QStringLiteral("/")).routeId, root);
        QCOMPARE(r.match("GET", QString()).routeId, root);
        QCOMPARE(r.match("GET", QStringLiteral("/x")).outcome, Router::Outcome::NotFound);
    }

    void methodNotAllowedListsAllowed()
    {
        Router r;
        r.add({"POST"}, QStringLiteral("/login"));
        r.add({"GET", "POST"}, QStringLiteral("/logout"));
        auto m = r.match("GET", QStringLiteral("/login"));
        QCOMPARE(m.outcome, Router::Outcome::MethodNotAllowed);
        QCOMPARE(m.allowedMethods, QByteArrayList{"POST"});
        QCOMPARE(r.match("POST", QStringLiteral("/logout")).outcome, Router::Outcome::Found);
        // HEAD is served by the GET route.
        QCOMPARE(r.match("HEAD", QStringLiteral("/logout")).outcome, Router::Outcome::Found);
    }

    void samePathDifferentMethods()
    {
        Router r;
        const int get = r.add({"GET"}, QStringLiteral("/objects"));
        const int head = r.add({"HEAD"}, QStringLiteral("/objects"));
        QCOMPARE(r.match("GET", QStringLiteral("/objects")).routeId, get);
        QCOMPARE(r.match("HEAD", QStringLiteral("/objects")).routeId, head);
    }
};

QTEST_APPLESS_MAIN(TestRouter)
#include "tst_router.moc"
