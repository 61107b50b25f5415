// SPDX-License-Identifier: AGPL-3.0-or-later
// The master's tables on each backend: recorded zones (replace, forget, list) and global chat
// (store, list since a time, limit to the latest).
#include "Database.h"
#include "DatabaseUrl.h"
#include "GlobalChatStore.h"
#include "Migrations.h"
#include "TestDatabase.h"
#include "ZoneRecordStore.h"

#include <QtTest>

using namespace smmo;

class TestMasterStores : public QObject
{
    Q_OBJECT

    std::unique_ptr<Database> m_db;

private slots:
    void init()
    {
        const auto url = DatabaseUrl::parse(test::databaseUrlForTest());
        QVERIFY(url);
        m_db = std::make_unique<Database>(*url);
        QVERIFY(Migrations().migrate(*m_db) >= 4);
    }
    void cleanup() { m_db.reset(); }

    void zoneRecords()
    {
        ZoneRecordStore store(*m_db);
        QVERIFY(store.all().isEmpty());
        const QDateTime started = QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC);
        store.record({QStringLiteral("public-GhibliHills-world"),
                      QUrl(QStringLiteral("http://127.0.0.1:1301")), 4242, started});
        store.record({QStringLiteral("playerinstance-GhibliHills-Groxnor"),
                      QUrl(QStringLiteral("http://127.0.0.1:1302")), 4343, started});
        // Recording a zone again replaces its row (a restart got a new port and pid).
        store.record({QStringLiteral("public-GhibliHills-world"),
                      QUrl(QStringLiteral("http://127.0.0.1:1303")), 4444, started.addSecs(10)});
        auto all = store.all();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.at(0).zoneId, QStringLiteral("playerinstance-GhibliHills-Groxnor"));
        QCOMPARE(all.at(1).zoneId, QStringLiteral("public-GhibliHills-world"));
        QCOMPARE(all.at(1).url, QUrl(QStringLiteral("http://127.0.0.1:1303")));
        QCOMPARE(all.at(1).pid, qint64(4444));
        QCOMPARE(all.at(1).startedAt, started.addSecs(10));

        // Recorded at launch, before the zone has a URL.
        store.record({QStringLiteral("public-AdventureDungeon-world"), QUrl(), 4545, started});
        all = store.all();
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(1).zoneId, QStringLiteral("public-AdventureDungeon-world"));
        QVERIFY(all.at(1).url.isEmpty());
        store.forget(QStringLiteral("public-AdventureDungeon-world"));

        store.forget(QStringLiteral("public-GhibliHills-world"));
        store.forget(QStringLiteral("never-was-there"));
        all = store.all();
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().pid, qint64(4343));
    }

    void globalChat()
    {
        GlobalChatStore store(*m_db);
        QVERIFY(store.since({}, 100).isEmpty());
        const auto first = store.add(QStringLiteral("Groxnor"), 7, QStringLiteral("Hello, world"));
        QVERIFY(first.id > 0);
        QCOMPARE(first.sent.timeSpec(), Qt::UTC);
        QCOMPARE(first.sent.time().msec(), int(first.sent.toMSecsSinceEpoch() % 1000));
        const auto second =
            store.add(QStringLiteral("Lirael"), 8, QStringLiteral("Ünïcödé ✓ and 'quotes'; --"));
        const auto third = store.add(QStringLiteral("Groxnor"), 7, QStringLiteral("third"));

        auto list = store.since({}, 100);
        QCOMPARE(list.size(), 3);
        QCOMPARE(list.at(0).body, QStringLiteral("Hello, world"));
        QCOMPARE(list.at(1).body, QStringLiteral("Ünïcödé ✓ and 'quotes'; --"));
        QCOMPARE(list.at(1).sender, QStringLiteral("Lirael"));
        QCOMPARE(list.at(1).userId, qint64(8));
        QCOMPARE(list.at(2).id, third.id);
        QCOMPARE(list.at(0).sent, first.sent);

        // since is inclusive; the limit keeps the latest, still in order.
        list = store.since(second.sent, 100);
        QVERIFY(list.size() >= 2);
        QCOMPARE(list.last().id, third.id);
        list = store.since({}, 2);
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0).id, second.id);
        QCOMPARE(list.at(1).id, third.id);
        QVERIFY(store.since(third.sent.addSecs(1), 100).isEmpty());

        const QJsonObject json = first.toJson();
        QCOMPARE(json.value(QStringLiteral("sender")).toString(), QStringLiteral("Groxnor"));
        QCOMPARE(json.value(QStringLiteral("body")).toString(), QStringLiteral("Hello, world"));
        QVERIFY(json.value(QStringLiteral("sent")).toString().endsWith(QLatin1Char('Z')));
        QVERIFY(!json.contains(QStringLiteral("user_id"))); // the account stays private
    }
};

QTEST_GUILESS_MAIN(TestMasterStores)
#include "tst_masterstores.moc"
