// SPDX-License-Identifier: AGPL-3.0-or-later
#include "AccountStore.h"
#include "ApiError.h"
#include "CharacterStore.h"
#include "Database.h"
#include "DatabaseUrl.h"
#include "Migrations.h"
#include "TestDatabase.h"

#include <QThread>
#include <QtTest>

#include <atomic>

using namespace smmo;

class TestCharacterStore : public QObject
{
    Q_OBJECT

    std::unique_ptr<Database> m_db;
    qint64 m_owner = 0;
    qint64 m_other = 0;

private slots:
    void init()
    {
        m_db = std::make_unique<Database>(*DatabaseUrl::parse(test::databaseUrlForTest()));
        Migrations().migrate(*m_db);
        AccountStore accounts(*m_db);
        m_owner = accounts.create(QStringLiteral("owner"), QStringLiteral("h"), {}, {}).id;
        m_other = accounts.create(QStringLiteral("other"), QStringLiteral("h"), {}, {}).id;
    }
    void cleanup() { m_db.reset(); }

    void createAndFind()
    {
        CharacterStore store(*m_db, QStringLiteral("GhibliHills"));
        const auto c = store.create(QStringLiteral("Groxnor"), m_owner);
        QCOMPARE(c.zone, QStringLiteral("playerinstance-GhibliHills-Groxnor"));
        QCOMPARE(c.ownerName, QStringLiteral("owner"));
        QCOMPARE(c.stats.value(QStringLiteral("level")).toInt(), 1);
        QVERIFY(c.createdAt.isValid());
        QVERIFY(!c.lastSeen.isValid());
        QCOMPARE(store.find(QStringLiteral("GROXNOR"))->id, c.id);
        QVERIFY(!store.find(QStringLiteral("nobody")));
        QCOMPARE(store.namesOwnedBy(m_owner), QStringList{QStringLiteral("Groxnor")});
        QCOMPARE(store.namesOwnedBy(m_other), QStringList());
    }

    void uniqueAcrossOwners()
    {
        CharacterStore store(*m_db, QStringLiteral("GhibliHills"));
        store.create(QStringLiteral("Twin"), m_owner);
        try {
            store.create(QStringLiteral("tWIN"), m_other);
            QFAIL("a taken name was accepted");
        } catch (const ApiError &e) {
            QCOMPARE(e.status(), 400);
            QCOMPARE(e.message(), QStringLiteral("Character already exists."));
        }
        QCOMPARE(store.namesOwnedBy(m_other), QStringList());
    }

    void rejectsUnknownOwner()
    {
        CharacterStore store(*m_db, QStringLiteral("GhibliHills"));
        QVERIFY_THROWS_EXCEPTION(ApiError, store.create(QStringLiteral("Orphan"), 987654));
        QVERIFY(!store.find(QStringLiteral("Orphan")));
    }

    void updateMergesAndValidates()
    {
        CharacterStore store(*m_db, QStringLiteral("GhibliHills"));
        store.create(QStringLiteral("Mover"), m_owner);
        auto update = CharacterUpdate::fromJson({{QStringLiteral("loc_x"), 3.5},
                                                 {QStringLiteral("stats"), QJsonObject{{QStringLiteral("level"), 2}}},
                                                 {QStringLiteral("inventory"), QJsonObject{{QStringLiteral("egg"), 2}}}});
        auto c = store.update(QStringLiteral("mover"), update);
        QCOMPARE(c.x, 3.5);
        QCOMPARE(c.stats.value(QStringLiteral("level")).toInt(), 2);
        QCOMPARE(c.stats.value(QStringLiteral("health")).toInt(), 100);
        QVERIFY(c.lastSeen.isValid());
        c = *store.find(QStringLiteral("Mover"));
        QCOMPARE(c.inventory.value(QStringLiteral("egg")).toInt(), 2);
        QCOMPARE(c.x, 3.5);

        QVERIFY_THROWS_EXCEPTION(ApiError, CharacterUpdate::fromJson({{QStringLiteral("loc_x"), QStringLiteral("far")}}));
        QVERIFY_THROWS_EXCEPTION(ApiError, CharacterUpdate::fromJson({{QStringLiteral("online"), 1}}));
        QVERIFY_THROWS_EXCEPTION(ApiError, CharacterUpdate::fromJson({{QStringLiteral("inventory"), QJsonObject{{QStringLiteral("egg"), 1.5}}}}));
        QVERIFY_THROWS_EXCEPTION(ApiError, store.update(QStringLiteral("Ghost"), update));
    }

    void concurrentUpdatesLoseNothing()
    {
        // A zone writing where a character stands while the CharServer merges stats into the same
        // record: each update reads the record and writes it back, so without a row lock one
        // would overwrite what the other had just acknowledged (a lost update on PostgreSQL).
        CharacterStore(*m_db, QStringLiteral("GhibliHills")).create(QStringLiteral("Busy"), m_owner);
        constexpr int rounds = 150;
        std::atomic<int> failures{0};
        QThread *quests = QThread::create([&] {
            CharacterStore store(*m_db, QStringLiteral("GhibliHills"));
            for (int i = 0; i < rounds; ++i) {
                CharacterUpdate update;
                update.stats = QJsonObject{{QStringLiteral("quest_%1").arg(i), i}};
                try {
                    store.update(QStringLiteral("Busy"), update);
                } catch (const std::exception &) {
                    ++failures;
                }
            }
        });
        QThread *zone = QThread::create([&] {
            CharacterStore store(*m_db, QStringLiteral("GhibliHills"));
            for (int i = 0; i < rounds; ++i) {
                CharacterUpdate update;
                update.zone = QStringLiteral("public-GhibliHills-world");
                update.x = i;
                update.online = i % 2 == 0;
                try {
                    store.update(QStringLiteral("Busy"), update);
                } catch (const std::exception &) {
                    ++failures;
                }
            }
        });
        quests->start();
        zone->start();
        QVERIFY(quests->wait(60000));
        QVERIFY(zone->wait(60000));
        delete quests;
        delete zone;
        QCOMPARE(failures.load(), 0);
        const Character busy =
            *CharacterStore(*m_db, QStringLiteral("GhibliHills")).find(QStringLiteral("Busy"));
        QStringList lost;
        for (int i = 0; i < rounds; ++i)
            if (!busy.stats.contains(QStringLiteral("quest_%1").arg(i)))
                lost << QString::number(i);
        QVERIFY2(lost.isEmpty(),
                 qPrintable(QStringLiteral("lost stats updates: ") + lost.join(QLatin1Char(' '))));
        QCOMPARE(busy.x, double(rounds - 1));
    }

    void reservedNames()
    {
        QVERIFY(CharacterStore::isReservedName(QStringLiteral("Health")));
        QVERIFY(CharacterStore::isReservedName(QStringLiteral("new")));
        QVERIFY(!CharacterStore::isReservedName(QStringLiteral("Groxnor")));
    }
};

QTEST_GUILESS_MAIN(TestCharacterStore)
#include "tst_characterstore.moc"
