// SPDX-License-Identifier: AGPL-3.0-or-later
// The operator console against a real cluster: an AuthServer (with an administrator), a
// CharServer and a MasterZoneServer starting real ZoneServers, all as processes on ports chosen at
// run time. The console's own classes (MainWindow and its pages) run offscreen in the test process
// and are driven the way the operator would: login, the live zones table with spawn, kill and
// stop, the character search and inspector with its edits, the physics view on the zone's
// spectator stream, the chat view with tells and a global line as the server, the health page with
// script errors and their reload, the status bar when a server is down, and the remembered
// settings.
#include "CharacterInspector.h"
#include "CharactersPage.h"
#include "ChatFeed.h"
#include "ChatModel.h"
#include "ChatPage.h"
#include "ClusterConnection.h"
#include "Confirm.h"
#include "ConnectDialog.h"
#include "HealthModel.h"
#include "HealthPage.h"
#include "HttpTestClient.h"
#include "MainWindow.h"
#include "ObjectItem.h"
#include "PhysicsPage.h"
#include "PhysicsView.h"
#include "ScriptErrorsModel.h"
#include "ScriptsPanel.h"
#include "ServerProcess.h"
#include "TestDatabase.h"
#include "TrendChart.h"
#include "ZoneMonitor.h"
#include "ZonePicker.h"
#include "ZoneScene.h"
#include "ZoneSpectator.h"
#include "ZonesModel.h"
#include "ZonesPage.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace smmo;
using namespace smmo::admin;
using namespace smmo::test;

namespace {

QUrlQuery form(std::initializer_list<std::pair<QString, QString>> items)
{
    QUrlQuery q;
    for (const auto &[k, v] : items)
        q.addQueryItem(k, v);
    return q;
}

// The value in a two-column table for a key, empty when absent.
QString tableValue(const QTableWidget *table, const QString &key)
{
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, 0) && table->item(row, 0)->text() == key)
            return table->item(row, 1)->text();
    return {};
}

} // namespace

class TestAdminConsole : public QObject
{
    Q_OBJECT

    const QByteArray m_secret = "admin-console-test-secret-0123456789";
    QTemporaryDir m_data;
    std::unique_ptr<ServerProcess> m_auth;
    std::unique_ptr<ServerProcess> m_char;
    std::unique_ptr<ServerProcess> m_master;
    std::unique_ptr<ClusterConnection> m_connection;
    std::unique_ptr<MainWindow> m_window;
    QHash<QString, QByteArray> m_tokens;
    QStringList m_questions; // what the console asked to confirm
    const QString m_aliceZone = QStringLiteral("playerinstance-GhibliHills-Alicia");

    QStringList commonArgs(const QString &database) const
    {
        return {QStringLiteral("--port=0"),
                QStringLiteral("--data-dir"),
                m_data.path(),
                QStringLiteral("--database"),
                database,
                QStringLiteral("--secret"),
                QString::fromLatin1(m_secret)};
    }
    ClusterUrls urls() const { return {m_auth->url(), m_char->url(), m_master->url()}; }
    // Registers the user (and a character), logs in; returns the session token.
    QByteArray player(const QString &user, const QString &character = {})
    {
        if (m_tokens.contains(user))
            return m_tokens.value(user);
        HttpTestClient client(m_auth->url());
        client.setExtraHeader("Accept", "application/json");
        const auto fields =
            form({{QStringLiteral("username"), user}, {QStringLiteral("password"), "pw-" + user}});
        client.postForm(QStringLiteral("/register"), fields);
        const auto login = client.postForm(QStringLiteral("/login"), fields);
        const QByteArray token = login.json().object().value(QStringLiteral("token")).toString().toLatin1();
        if (!character.isEmpty()) {
            HttpTestClient chars(m_char->url());
            chars.setBearer(token);
            const auto created =
                chars.postForm(QStringLiteral("/new"), form({{QStringLiteral("character_name"), character}}));
            if (created.status != 200)
                qWarning() << "creating" << character << created.status << created.body;
        }
        m_tokens.insert(user, token);
        return token;
    }
    QByteArray alice() { return player(QStringLiteral("alice"), QStringLiteral("Alicia")); }
    // Alice's zone URL; the master starts the zone on the first request.
    QUrl aliceZoneUrl()
    {
        HttpTestClient master(m_master->url());
        master.setBearer(alice());
        const auto r = master.get(QLatin1Char('/') + m_aliceZone);
        return r.status == 200 ? QUrl(QString::fromUtf8(r.body)) : QUrl();
    }
    HttpResult zoneAdmin(const QUrl &zone, const QString &command, const QJsonArray &args)
    {
        HttpTestClient client(zone);
        client.setBearer(m_connection->token());
        return client.postJson(QStringLiteral("/admin"),
                               {{QStringLiteral("command"), command}, {QStringLiteral("args"), args}});
    }
    int zoneRow(const QString &zoneId) const { return m_window->zonesPage()->model()->rowOf(zoneId); }
    QString zoneState(const QString &zoneId) const
    {
        const auto zone = m_window->monitor()->zone(zoneId);
        return zone ? zone->state : QString();
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // QSettings go to a test location
        // ...of its own per backend: the suites may run at the same time.
        QCoreApplication::setApplicationName(QStringLiteral("tst_admin_console_") + backendName());
        QSettings().clear();
        setConfirmOverride([this](const QString &, const QString &question) {
            m_questions.append(question);
            return true;
        });
        QVERIFY(m_data.isValid());
        QVERIFY2(QFileInfo::exists(binaryPath(QStringLiteral("simplemmo-zoneserver"))),
                 "simplemmo-zoneserver is not built");
        const QString database = databaseUrlForTest();
        qInfo("backend %s", qPrintable(backendName()));
        m_auth =
            std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-authserver")),
                                            commonArgs(database) << QStringLiteral("--hash-iterations=1000")
                                                                 << QStringLiteral("--admins=boss"));
        QVERIFY2(m_auth->start(), qPrintable(m_auth->output()));
        m_char = std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-charserver")),
                                                 commonArgs(database));
        QVERIFY2(m_char->start(), qPrintable(m_char->output()));
        m_master = std::make_unique<ServerProcess>(
            binaryPath(QStringLiteral("simplemmo-masterzoneserver")),
            commonArgs(database)
                << QStringLiteral("--char-url") << m_char->url().toString() << QStringLiteral("--zones-dir")
                << qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR") + QStringLiteral("/scripts/zones")
                << QStringLiteral("--zone-executable")
                << binaryPath(QStringLiteral("simplemmo-zoneserver"))
                // No ScriptServer or PhysicsServer: objects stay where the test puts them.
                << QStringLiteral("--zone-companions=") << QStringLiteral("--zone-start-timeout=20")
                << QStringLiteral("--zone-stop-timeout=10") << QStringLiteral("--zone-idle-timeout=600"));
        QVERIFY2(m_master->start(), qPrintable(m_master->output()));
        player(QStringLiteral("boss"));
        alice();
        player(QStringLiteral("bob"), QStringLiteral("Bobble"));

        // The console logs in as the operator does: POST /login on the AuthServer.
        m_connection = std::make_unique<ClusterConnection>();
        m_connection->setHealthInterval(200);
        m_connection->setUrls(urls());
        QSignalSpy loggedIn(m_connection.get(), &ClusterConnection::loggedIn);
        QSignalSpy failed(m_connection.get(), &ClusterConnection::loginFailed);
        m_connection->login(QStringLiteral("boss"), QStringLiteral("pw-boss"));
        QVERIFY2(loggedIn.wait(10000),
                 failed.isEmpty() ? "no answer" : qPrintable(failed.first().first().toString()));
        QVERIFY(m_connection->isAdmin());

        m_window = std::make_unique<MainWindow>(*m_connection);
        m_window->monitor()->setInterval(200);
        m_window->monitor()->start();
        m_window->physicsPage()->spectator()->setReconnectDelay(200);
        m_window->chatPage()->tellWatch()->setReconnectDelay(200);
        m_window->healthPage()->scriptsPanel()->setInterval(300);
        m_window->chatPage()->zoneFeed()->setInterval(200);
        m_window->chatPage()->globalFeed()->setInterval(200);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_connection.reset();
        setConfirmOverride({});
        QFile::remove(QSettings().fileName()); // the test's own settings file, in the test location
        if (m_master)
            m_master->stop(); // stops its zones too
        if (m_char)
            QCOMPARE(m_char->stop(), 0);
        if (m_auth)
            QCOMPARE(m_auth->stop(), 0);
    }

    void statusBarShowsEveryServerUp()
    {
        for (const Server server : {Server::Auth, Server::Char, Server::Master})
            QTRY_COMPARE_WITH_TIMEOUT(m_connection->state(server), ClusterConnection::State::Up, 5000);
        QCOMPARE(m_window->serverStateText(Server::Auth), QStringLiteral("AuthServer: up"));
        QCOMPARE(m_window->serverStateText(Server::Master), QStringLiteral("MasterZoneServer: up"));
    }

    void loginNeedsAnAdministrator()
    {
        ClusterConnection other;
        other.setUrls(urls());
        QSignalSpy failed(&other, &ClusterConnection::loginFailed);
        other.login(QStringLiteral("alice"), QStringLiteral("pw-alice"));
        QVERIFY(failed.wait(10000));
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("not an administrator")),
                 qPrintable(failed.first().first().toString()));
        QVERIFY(!other.isLoggedIn());

        other.login(QStringLiteral("boss"), QStringLiteral("wrong"));
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.last().first().toString(), QStringLiteral("Login failed."));
    }

    void downServerIsShownAsDownWithoutHanging()
    {
        // A port that was free a moment ago: nothing listens there.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const QUrl nowhere(QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort()));
        probe.close();

        ClusterConnection down;
        down.setTimeout(2000);
        down.setHealthInterval(200);
        down.setUrls({m_auth->url(), m_char->url(), nowhere});
        QTRY_COMPARE_WITH_TIMEOUT(down.state(Server::Master), ClusterConnection::State::Down, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(down.state(Server::Auth), ClusterConnection::State::Up, 5000);
        QVERIFY(down.stateDetail(Server::Master).contains(QStringLiteral("cannot be reached")));

        MainWindow window(down);
        QCOMPARE(window.serverStateText(Server::Master), QStringLiteral("MasterZoneServer: DOWN"));

        // A call to it answers at once with the failure; it does not wait.
        bool answered = false;
        ServiceResult result;
        down.get(Server::Master, QStringLiteral("/zones"), this, [&](const ServiceResult &r) {
            answered = true;
            result = r;
        });
        QTRY_VERIFY_WITH_TIMEOUT(answered, 3000);
        QCOMPARE(result.status, 0);
    }

    void zonesTableShowsAZoneStartedByAClient()
    {
        QCOMPARE(zoneRow(m_aliceZone), -1);
        QVERIFY(aliceZoneUrl().isValid()); // alice enters: the master starts her zone
        QTRY_VERIFY_WITH_TIMEOUT(zoneRow(m_aliceZone) >= 0, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(zoneState(m_aliceZone), QStringLiteral("running"), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->monitor()->zone(m_aliceZone)->objects.has_value(), 5000);

        const ZonesModel *model = m_window->zonesPage()->model();
        const int row = zoneRow(m_aliceZone);
        QCOMPARE(model->index(row, ZonesModel::State).data().toString(), QStringLiteral("running"));
        QVERIFY(model->index(row, ZonesModel::Url).data().toString().startsWith(QStringLiteral("http://")));
        QVERIFY(model->index(row, ZonesModel::Pid).data().toLongLong() > 0);
        QCOMPARE(model->index(row, ZonesModel::Objects).data().toInt(), 10); // GhibliHills: ten chickens
        QVERIFY(!model->index(row, ZonesModel::Uptime).data().toString().isEmpty());
    }

    void spawnStartsAZone()
    {
        const QString zone = QStringLiteral("public-AdventureDungeon-world");
        ZonesPage *page = m_window->zonesPage();
        QSignalSpy finished(page, &ZonesPage::operationFinished);
        page->spawnZone(zone);
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(0).toString(), zone);
        QVERIFY2(finished.first().at(2).toBool(), qPrintable(finished.first().at(3).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(zoneState(zone), QStringLiteral("running"), 5000);
    }

    void filterNarrowsTheTable()
    {
        ZonesPage *page = m_window->zonesPage();
        QTRY_COMPARE_WITH_TIMEOUT(page->proxy()->rowCount(), 2, 5000);
        page->filterEdit()->setText(QStringLiteral("adventure"));
        QCOMPARE(page->proxy()->rowCount(), 1);
        QCOMPARE(page->proxy()->index(0, 0).data().toString(),
                 QStringLiteral("public-AdventureDungeon-world"));
        page->filterEdit()->clear();
        QCOMPARE(page->proxy()->rowCount(), 2);
    }

    void killRemovesTheZone()
    {
        const QString zone = QStringLiteral("public-AdventureDungeon-world");
        ZonesPage *page = m_window->zonesPage();
        m_window->showTab(MainWindow::ZonesTab);
        QVERIFY(page->selectZone(zone));
        QCOMPARE(page->selectedZone(), zone);
        QVERIFY(page->killAction()->isEnabled());
        QSignalSpy finished(page, &ZonesPage::operationFinished);
        m_questions.clear();
        page->killAction()->trigger(); // as the menu, the toolbar and Ctrl+Shift+K do
        QVERIFY(finished.wait(30000));
        QVERIFY2(finished.first().at(2).toBool(), qPrintable(finished.first().at(3).toString()));
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("kill"));
        QCOMPARE(m_questions.size(), 1);
        QVERIFY(m_questions.first().contains(zone));
        // Killed through the master, it is gone from the list (or at least no longer running).
        QTRY_VERIFY_WITH_TIMEOUT(zoneRow(zone) < 0 || zoneState(zone) != QLatin1String("running"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(zoneRow(zone), -1, 5000);
        QVERIFY(zoneRow(m_aliceZone) >= 0);
    }

    void characterInspectorShowsACharactersData()
    {
        HttpTestClient chars(m_char->url());
        chars.setBearer(m_connection->token());
        const auto prepared =
            chars.postJson(QStringLiteral("/Alicia"),
                           {{QStringLiteral("inventory"),
                             QJsonObject{{QStringLiteral("apple"), 3}, {QStringLiteral("rope"), 1}}},
                            {QStringLiteral("stats"), QJsonObject{{QStringLiteral("level"), 4}}}});
        QCOMPARE(prepared.status, 200);

        CharactersPage *page = m_window->charactersPage();
        m_window->showTab(MainWindow::CharactersTab);
        QSignalSpy shown(page, &CharactersPage::characterShown);
        page->searchEdit()->setText(QStringLiteral("Alicia"));
        QTest::keyClick(page->searchEdit(), Qt::Key_Return);
        QVERIFY(shown.wait(10000));

        const CharacterInspector *inspector = page->inspector();
        QCOMPARE(inspector->fieldText(QStringLiteral("name")), QStringLiteral("Alicia"));
        QCOMPARE(inspector->fieldText(QStringLiteral("owner")), QStringLiteral("alice"));
        QCOMPARE(inspector->fieldText(QStringLiteral("zone")), m_aliceZone);
        QCOMPARE(inspector->fieldText(QStringLiteral("position")), QStringLiteral("0, 0, 0"));
        QVERIFY(!inspector->fieldText(QStringLiteral("online")).isEmpty());
        QCOMPARE(tableValue(inspector->statsTable(), QStringLiteral("level")), QStringLiteral("4"));
        QCOMPARE(tableValue(inspector->statsTable(), QStringLiteral("max_health")), QStringLiteral("100"));
        QCOMPARE(tableValue(inspector->inventoryTable(), QStringLiteral("apple")), QStringLiteral("3"));
        QCOMPARE(tableValue(inspector->inventoryTable(), QStringLiteral("rope")), QStringLiteral("1"));

        QSignalSpy failed(page, &CharactersPage::lookUpFailed);
        page->lookUp(QStringLiteral("Nobodyhere"));
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().first().toString(),
                 QStringLiteral("There is no character called Nobodyhere."));
    }

    void characterSearchByAccountAndName()
    {
        // alice's second character.
        HttpTestClient chars(m_char->url());
        chars.setBearer(alice());
        QCOMPARE(chars
                     .postForm(QStringLiteral("/new"),
                               form({{QStringLiteral("character_name"), QStringLiteral("Alina")}}))
                     .status,
                 200);

        CharactersPage *page = m_window->charactersPage();
        QSignalSpy found(page, &CharactersPage::searchFinished);
        QSignalSpy shown(page, &CharactersPage::characterShown);
        page->searchMode()->setCurrentIndex(1); // Account
        page->searchEdit()->setText(QStringLiteral("ALICE"));
        QTest::keyClick(page->searchEdit(), Qt::Key_Return);
        QVERIFY(found.wait(10000));
        QCOMPARE(found.first().first().toInt(), 2);
        QCOMPARE(page->resultNames(), (QStringList{QStringLiteral("Alicia"), QStringLiteral("Alina")}));
        QCOMPARE(page->results()->topLevelItem(0)->text(1), QStringLiteral("alice"));
        QCOMPARE(page->results()->topLevelItem(0)->text(2), m_aliceZone);
        QVERIFY(shown.isEmpty()); // two found, none named "ALICE": the operator chooses

        // Choosing one inspects it.
        QTest::mouseClick(page->results()->viewport(), Qt::LeftButton, {},
                          page->results()->visualItemRect(page->results()->topLevelItem(1)).center());
        QVERIFY(shown.wait(10000));
        QCOMPARE(page->inspector()->fieldText(QStringLiteral("name")), QStringLiteral("Alina"));

        // By the start of a name: the only one found is shown at once.
        found.clear();
        page->search(QStringLiteral("bob"), CharactersPage::SearchBy::Name);
        QVERIFY(found.wait(10000));
        QCOMPARE(page->resultNames(), QStringList{QStringLiteral("Bobble")});
        QTRY_COMPARE_WITH_TIMEOUT(page->inspector()->fieldText(QStringLiteral("name")),
                                  QStringLiteral("Bobble"), 10000);

        found.clear();
        page->search(QStringLiteral("nobody"), CharactersPage::SearchBy::Account);
        QVERIFY(found.wait(10000));
        QCOMPARE(found.first().first().toInt(), -1);
        QCOMPARE(found.first().at(1).toString(), QStringLiteral("There is no account called nobody."));
        page->searchMode()->setCurrentIndex(0);
    }

    void administratorEditsStatsAndMovesACharacter()
    {
        CharactersPage *page = m_window->charactersPage();
        QSignalSpy shown(page, &CharactersPage::characterShown);
        page->lookUp(QStringLiteral("Bobble"));
        QVERIFY(shown.wait(10000));

        QSignalSpy updated(page, &CharactersPage::characterUpdated);
        m_questions.clear();
        page->changeStats(QStringLiteral("Bobble"),
                          {{QStringLiteral("level"), 5}, {QStringLiteral("strength"), QJsonValue::Null}});
        QVERIFY(updated.wait(10000));
        QCOMPARE(m_questions.size(), 1);
        QVERIFY2(m_questions.first().contains(QStringLiteral("level: 1 → 5")),
                 qPrintable(m_questions.first()));
        QVERIFY(m_questions.first().contains(QStringLiteral("strength: remove (was 10)")));
        QCOMPARE(tableValue(page->inspector()->statsTable(), QStringLiteral("level")), QStringLiteral("5"));

        page->moveCharacter(QStringLiteral("Bobble"), QStringLiteral("public-AdventureDungeon-world"), 2, 3,
                            0, false);
        QVERIFY(updated.wait(10000));
        QCOMPARE(page->inspector()->fieldText(QStringLiteral("zone")),
                 QStringLiteral("public-AdventureDungeon-world"));

        // What the CharServer now has, read independently.
        HttpTestClient chars(m_char->url());
        chars.setBearer(m_connection->token());
        const QJsonObject record = chars.get(QStringLiteral("/Bobble")).json().object();
        QCOMPARE(record.value(QStringLiteral("zone")).toString(),
                 QStringLiteral("public-AdventureDungeon-world"));
        QCOMPARE(record.value(QStringLiteral("loc_x")).toDouble(), 2.0);
        QCOMPARE(record.value(QStringLiteral("loc_y")).toDouble(), 3.0);
        const QJsonObject stats = record.value(QStringLiteral("stats")).toObject();
        QCOMPARE(stats.value(QStringLiteral("level")).toInt(), 5);
        QVERIFY(!stats.contains(QStringLiteral("strength")));

        // Declined: nothing is written.
        setConfirmOverride([](const QString &, const QString &) { return false; });
        page->changeStats(QStringLiteral("Bobble"), {{QStringLiteral("level"), 99}});
        setConfirmOverride([this](const QString &, const QString &question) {
            m_questions.append(question);
            return true;
        });
        QVERIFY(!updated.wait(500));
        QCOMPARE(chars.get(QStringLiteral("/Bobble"))
                     .json()
                     .object()
                     .value(QStringLiteral("stats"))
                     .toObject()
                     .value(QStringLiteral("level"))
                     .toInt(),
                 5);
    }

    void physicsViewHasOneItemPerObjectAndMovesThem()
    {
        const QUrl zone = aliceZoneUrl();
        QVERIFY(zone.isValid());
        HttpTestClient player(zone);
        player.setBearer(alice());
        QCOMPARE(player
                     .postForm(QStringLiteral("/setstatus"),
                               form({{QStringLiteral("character"), QStringLiteral("Alicia")},
                                     {QStringLiteral("status"), QStringLiteral("online")}}))
                     .status,
                 200);

        PhysicsPage *page = m_window->physicsPage();
        m_window->showTab(MainWindow::PhysicsTab);
        QTRY_VERIFY_WITH_TIMEOUT(page->watchZone(m_aliceZone), 5000);
        ZoneScene *scene = page->scene();

        HttpTestClient reader(zone);
        reader.setBearer(m_connection->token());
        const QJsonArray objects = reader.get(QStringLiteral("/objects")).json().array();
        QCOMPARE(objects.size(), 11); // ten chickens and Alicia
        QTRY_COMPARE_WITH_TIMEOUT(scene->objectCount(), int(objects.size()), 5000);
        for (const QJsonValue &value : objects) {
            const QJsonObject object = value.toObject();
            const ObjectItem *item = scene->item(object.value(QStringLiteral("id")).toInteger());
            QVERIFY(item);
            QCOMPARE(item->name(), object.value(QStringLiteral("name")).toString());
            QCOMPARE(item->worldPos(), QPointF(object.value(QStringLiteral("loc_x")).toDouble(),
                                               object.value(QStringLiteral("loc_y")).toDouble()));
        }
        QCOMPARE(scene->playerCount(), 1);
        const ObjectItem *alicia = scene->findByName(QStringLiteral("Alicia"));
        QVERIFY(alicia && alicia->isPlayer());
        QVERIFY(alicia->toolTip().contains(QStringLiteral("Alicia")));
        const ObjectItem *sameItem = alicia;

        // A player's move arrives on the spectator stream and moves the same item.
        const auto moved = player.postForm(QStringLiteral("/movement"),
                                           form({{QStringLiteral("character"), QStringLiteral("Alicia")},
                                                 {QStringLiteral("x"), QStringLiteral("1")},
                                                 {QStringLiteral("y"), QStringLiteral("0")}}));
        QCOMPARE(moved.status, 200);
        const double movedX = moved.json().object().value(QStringLiteral("loc_x")).toDouble();
        QVERIFY(movedX != 0);
        QTRY_COMPARE_WITH_TIMEOUT(alicia->worldPos().x(), movedX, 3000);
        QCOMPARE(scene->findByName(QStringLiteral("Alicia")), sameItem);

        // An object teleported by the zone's admin command moves too.
        const qint64 chicken =
            objects.at(0).toObject().value(QStringLiteral("id")).toInteger() == alicia->id()
                ? objects.at(1).toObject().value(QStringLiteral("id")).toInteger()
                : objects.at(0).toObject().value(QStringLiteral("id")).toInteger();
        QCOMPARE(zoneAdmin(zone, QStringLiteral("teleport"), {chicken, -40.5, 12.25, 0}).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(scene->item(chicken)->worldPos(), QPointF(-40.5, 12.25), 3000);
        QCOMPARE(scene->objectCount(), int(objects.size()));

        // Alicia walks into a physical barrel: the zone reports the collision, which is flashed.
        const int collisionsBefore = scene->collisionsSeen();
        const auto barrel = zoneAdmin(zone, QStringLiteral("spawn"),
                                      {QJsonObject{{QStringLiteral("name"), QStringLiteral("Barrel")},
                                                   {QStringLiteral("resource"), QStringLiteral("barrel")},
                                                   {QStringLiteral("loc_x"), movedX + 1.2},
                                                   {QStringLiteral("loc_y"), 0},
                                                   {QStringLiteral("physical"), true}}});
        QCOMPARE(barrel.status, 200);
        const qint64 barrelId = barrel.json().object().value(QStringLiteral("id")).toInteger();
        QTRY_VERIFY_WITH_TIMEOUT(scene->item(barrelId), 3000);
        QVERIFY(!scene->item(barrelId)->isFlashing());
        const auto blocked = player.postForm(QStringLiteral("/movement"),
                                             form({{QStringLiteral("character"), QStringLiteral("Alicia")},
                                                   {QStringLiteral("x"), QStringLiteral("1")},
                                                   {QStringLiteral("y"), QStringLiteral("0")}}));
        QCOMPARE(blocked.body, QByteArray("false"));
        QTRY_COMPARE_WITH_TIMEOUT(scene->collisionsSeen(), collisionsBefore + 1, 3000);
        QVERIFY(scene->item(barrelId)->isFlashing());
        QVERIFY(alicia->isFlashing());

        // A destroyed object leaves the view at once.
        QCOMPARE(zoneAdmin(zone, QStringLiteral("destroy"), {barrelId}).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(!scene->item(barrelId), 3000);
        QVERIFY(page->spectator()->isWatching());

        // Follow keeps the character in the middle of the view.
        page->follow(QStringLiteral("Alicia"));
        QCOMPARE(page->followed(), QStringLiteral("Alicia"));
        const QPointF centre = page->view()->mapToScene(page->view()->viewport()->rect().center());
        QVERIFY2(QLineF(centre, alicia->pos()).length() < 2.0, "the view is not centred on Alicia");
        page->view()->zoomBy(2);
        QCOMPARE(page->followed(), QStringLiteral("Alicia")); // zooming by code is not the user panning
    }

    void chatViewShowsZoneAndGlobalLines()
    {
        const QUrl zone = aliceZoneUrl();
        ChatPage *page = m_window->chatPage();
        m_window->showTab(MainWindow::ChatTab);
        QTRY_VERIFY_WITH_TIMEOUT(page->watchZone(m_aliceZone), 5000);

        HttpTestClient player(zone);
        player.setBearer(alice());
        QCOMPARE(player
                     .postForm(QStringLiteral("/say"),
                               form({{QStringLiteral("character"), QStringLiteral("Alicia")},
                                     {QStringLiteral("text"), QStringLiteral("Hello hills")}}))
                     .status,
                 200);
        QTRY_VERIFY_WITH_TIMEOUT(
            page->zoneModel()->containsText(QStringLiteral("Alicia"), QStringLiteral("Hello hills")), 5000);
        const ChatModel *model = page->zoneModel();
        const int row = model->rowCount() - 1;
        QCOMPARE(model->index(row, ChatModel::Sender).data().toString(), QStringLiteral("Alicia"));
        QVERIFY(!model->index(row, ChatModel::Time).data().toString().isEmpty());

        HttpTestClient master(m_master->url());
        master.setBearer(alice());
        QCOMPARE(master
                     .postForm(QStringLiteral("/chat/global"),
                               form({{QStringLiteral("character"), QStringLiteral("Alicia")},
                                     {QStringLiteral("text"), QStringLiteral("Hello world")}}))
                     .status,
                 200);
        QTRY_VERIFY_WITH_TIMEOUT(
            page->globalModel()->containsText(QStringLiteral("Alicia"), QStringLiteral("Hello world")), 5000);

        // Sent as the server: the zone's broadcast command; the line appears with sender Server.
        QSignalSpy sent(page, &ChatPage::broadcastFinished);
        page->broadcast(QStringLiteral("Maintenance at noon"), false);
        QVERIFY(sent.wait(10000));
        QCOMPARE(sent.first().at(0).toInt(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(
            page->zoneModel()->containsText(QStringLiteral("Server"), QStringLiteral("Maintenance at noon")),
            5000);

        // Lines seen again through since= are not shown twice.
        QSet<qint64> ids;
        for (const ChatLine &line : page->zoneModel()->lines()) {
            QVERIFY(!ids.contains(line.id));
            ids.insert(line.id);
        }

        // A global line as the server: through the master to every zone, and into the global chat.
        sent.clear();
        page->broadcast(QStringLiteral("Hello from the server"), true);
        QVERIFY(sent.wait(10000));
        QCOMPARE(sent.first().at(0).toInt(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(page->globalModel()->containsText(QStringLiteral("Server"),
                                                                   QStringLiteral("Hello from the server")),
                                 5000);
        QCOMPARE(page->globalModel()->lines().last().playerGenerated, false);

        // Tells are private, but administrators see them in the tells panel.
        QTRY_VERIFY_WITH_TIMEOUT(page->tellWatch()->isWatching(), 5000);
        const auto online = [&](const QString &status) {
            return player.postForm(QStringLiteral("/setstatus"),
                                   form({{QStringLiteral("character"), QStringLiteral("Alina")},
                                         {QStringLiteral("status"), status}}));
        };
        QCOMPARE(online(QStringLiteral("online")).status, 200);
        QCOMPARE(player
                     .postForm(QStringLiteral("/tell"),
                               form({{QStringLiteral("character"), QStringLiteral("Alicia")},
                                     {QStringLiteral("to"), QStringLiteral("Alina")},
                                     {QStringLiteral("text"), QStringLiteral("psst, the dungeon at nine")}}))
                     .status,
                 200);
        QTRY_VERIFY_WITH_TIMEOUT(page->tellModel()->containsText(QStringLiteral("Alicia"),
                                                                 QStringLiteral("psst, the dungeon at nine")),
                                 5000);
        const ChatModel *tells = page->tellModel();
        QCOMPARE(tells->index(tells->rowCount() - 1, ChatModel::Sender).data().toString(),
                 QStringLiteral("Alicia → Alina"));
        QVERIFY(!page->zoneModel()->containsText(QStringLiteral("Alicia"),
                                                 QStringLiteral("psst, the dungeon at nine")));
        QCOMPARE(online(QStringLiteral("offline")).status, 200);
    }

    void healthPageShowsFiguresAndCharts()
    {
        HealthPage *page = m_window->healthPage();
        m_window->showTab(MainWindow::HealthTab);
        const HealthModel *model = page->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(m_aliceZone) >= 0, 5000);
        const int row = model->rowOf(m_aliceZone);
        QTRY_COMPARE_WITH_TIMEOUT(model->index(row, HealthModel::Players).data().toInt(), 1, 5000);
        QCOMPARE(model->index(row, HealthModel::Health).data().toString(), QStringLiteral("ready"));
        QVERIFY(!model->index(row, HealthModel::TickMs).data().toString().isEmpty());
        // This master starts no companions: a master that lists them says "not started", an older
        // one nothing ("not available").
        const QString scripts = model->index(row, HealthModel::Scripts).data().toString();
        QVERIFY2(scripts == QLatin1String("not started") || scripts == QLatin1String("not available"),
                 qPrintable(scripts));

        QTRY_VERIFY_WITH_TIMEOUT(!page->tickChart()->series().isEmpty(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(page->playersChart()->series().first().points.size() >= 2, 5000);
        QVERIFY(!page->tickChart()->grab().isNull());
    }

    void healthPageShowsScriptErrorsAndReloads()
    {
        // A ScriptServer for Alicia's zone whose only script throws (this master starts none; the
        // chickens' script is missing, which is an error of its own).
        QTemporaryDir scriptsDir;
        QFile faulty(QDir(scriptsDir.path()).filePath(QStringLiteral("faulty.js")));
        QVERIFY(faulty.open(QIODevice::WriteOnly));
        faulty.write("function onTick(self) {\n    noSuchFunction();\n}\n");
        faulty.close();
        const QUrl zone = aliceZoneUrl();
        ServerProcess scripts(binaryPath(QStringLiteral("simplemmo-scriptserver")),
                              {QStringLiteral("--port=0"), QStringLiteral("--data-dir"), m_data.path(),
                               QStringLiteral("--secret"), QString::fromLatin1(m_secret),
                               QStringLiteral("--zone"), m_aliceZone, QStringLiteral("--zone-url"),
                               zone.toString(), QStringLiteral("--scripts-dir"), scriptsDir.path(),
                               QStringLiteral("--max-faults"), QStringLiteral("2")});
        QVERIFY2(scripts.start(), qPrintable(scripts.output()));

        HealthPage *page = m_window->healthPage();
        m_window->showTab(MainWindow::HealthTab);
        QTRY_VERIFY_WITH_TIMEOUT(page->selectZone(m_aliceZone), 5000);
        ScriptsPanel *panel = page->scriptsPanel();
        QCOMPARE(panel->zone(), m_aliceZone);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->report().isEmpty(), 10000);
        QVERIFY(panel->report()
                    .value(QStringLiteral("scripts"))
                    .toArray()
                    .contains(QJsonValue(QStringLiteral("faulty"))));
        QVERIFY2(panel->summary().contains(QStringLiteral("faulty")), qPrintable(panel->summary()));
        QVERIFY2(panel->summary().contains(QStringLiteral("Not loading: chicken")),
                 qPrintable(panel->summary()));

        QCOMPARE(zoneAdmin(zone, QStringLiteral("spawn"),
                           {QJsonObject{{QStringLiteral("name"), QStringLiteral("Gremlin")},
                                        {QStringLiteral("scripts"), QJsonArray{QStringLiteral("faulty")}}}})
                     .status,
                 200);
        const ScriptErrorsModel *model = panel->model();
        const auto faults = [model] {
            int count = 0;
            for (int row = 0; row < model->rowCount(); ++row)
                count +=
                    model->error(row).value(QStringLiteral("script")).toString() == QLatin1String("faulty");
            return count;
        };
        QTRY_COMPARE_WITH_TIMEOUT(faults(), 2, 10000);
        // Newest first: the second fault disabled the script on the Gremlin.
        QCOMPARE(model->index(0, ScriptErrorsModel::Object).data().toString().section(QLatin1Char(' '), 0, 0),
                 QStringLiteral("Gremlin"));
        QVERIFY(
            model->index(0, ScriptErrorsModel::Kind).data().toString().contains(QStringLiteral("disabled")));
        QVERIFY(model->index(0, ScriptErrorsModel::Message)
                    .data()
                    .toString()
                    .contains(QStringLiteral("noSuchFunction")));

        // Reload scripts: the ScriptServer loads them again, so the Gremlin's script runs (and fails) afresh.
        QSignalSpy reloaded(panel, &ScriptsPanel::reloadFinished);
        QVERIFY(panel->reloadButton()->isEnabled());
        panel->reloadButton()->click();
        QVERIFY(reloaded.wait(10000));
        QVERIFY2(reloaded.first().first().toBool(), qPrintable(reloaded.first().at(1).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(panel->report().value(QStringLiteral("reason")).toString(),
                                  QStringLiteral("reload"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(faults(), 4, 10000);
        QVERIFY(panel->summary().contains(QStringLiteral("Reloaded at")));

        QCOMPARE(scripts.stop(), 0);
        m_window->healthPage()->table()->clearSelection();
        QCOMPARE(panel->zone(), QString());
    }

    void movingAnOnlineCharacterKicksItFirst()
    {
        CharactersPage *page = m_window->charactersPage();
        QSignalSpy shown(page, &CharactersPage::characterShown);
        page->lookUp(QStringLiteral("Alicia"));
        QVERIFY(shown.wait(10000));
        QCOMPARE(page->inspector()->fieldText(QStringLiteral("online")), QStringLiteral("online"));

        QSignalSpy updated(page, &CharactersPage::characterUpdated);
        m_questions.clear();
        page->moveCharacter(QStringLiteral("Alicia"), QStringLiteral("public-AdventureDungeon-world"), 5, 6,
                            0, true);
        QVERIFY(updated.wait(15000));
        QVERIFY(
            m_questions.first().contains(QStringLiteral("Alicia is kicked from %1 first.").arg(m_aliceZone)));

        // The zone let her go (and wrote its record of her leaving) before the move was written.
        HttpTestClient chars(m_char->url());
        chars.setBearer(m_connection->token());
        const QJsonObject record = chars.get(QStringLiteral("/Alicia")).json().object();
        QCOMPARE(record.value(QStringLiteral("zone")).toString(),
                 QStringLiteral("public-AdventureDungeon-world"));
        QCOMPARE(record.value(QStringLiteral("loc_x")).toDouble(), 5.0);
        QCOMPARE(record.value(QStringLiteral("online")).toBool(), false);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->monitor()->zone(m_aliceZone)->players.value_or(-1), 0, 5000);
    }

    void stopEndsTheZoneAndTheViewsSaySo()
    {
        ZonesPage *page = m_window->zonesPage();
        QSignalSpy finished(page, &ZonesPage::operationFinished);
        page->runOperation(ZonesPage::Operation::Stop, m_aliceZone);
        QVERIFY(finished.wait(30000));
        QVERIFY2(finished.first().at(2).toBool(), qPrintable(finished.first().at(3).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(zoneRow(m_aliceZone), -1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->physicsPage()->zonePicker()->zoneId(), QString(), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->chatPage()->zonePicker()->zoneId(), QString(), 5000);
    }

    void connectDialogLogsInAndRemembersTheCluster()
    {
        QSettings().remove(QStringLiteral("cluster"));
        ClusterConnection connection;
        {
            ConnectDialog dialog(connection);
            dialog.setUrls(urls());
            dialog.setUser(QStringLiteral("boss"));
            dialog.setPassword(QStringLiteral("wrong"));
            QSignalSpy failed(&connection, &ClusterConnection::loginFailed);
            dialog.connectToCluster();
            QVERIFY(failed.wait(10000));
            QCOMPARE(dialog.errorText(), QStringLiteral("Login failed."));

            dialog.setPassword(QStringLiteral("pw-boss"));
            QSignalSpy loggedIn(&connection, &ClusterConnection::loggedIn);
            dialog.connectToCluster();
            QVERIFY(loggedIn.wait(10000));
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        QCOMPARE(ConnectDialog::rememberedUrls().master, m_master->url());
        QCOMPARE(ConnectDialog::rememberedUrls().auth, m_auth->url());
        QCOMPARE(ConnectDialog::rememberedUser(), QStringLiteral("boss"));
        ConnectDialog again(connection);
        QCOMPARE(again.urls().character, m_char->url());
        QCOMPARE(again.user(), QStringLiteral("boss"));

        ConnectDialog bad(connection);
        bad.setUrls({QUrl(QStringLiteral("ftp://example.org")), m_char->url(), m_master->url()});
        bad.connectToCluster();
        QVERIFY(bad.errorText().contains(QStringLiteral("ftp://example.org")));
    }

    void windowLayoutIsRemembered()
    {
        m_window->showTab(MainWindow::ChatTab);
        m_window->resize(1000, 700);
        m_window->saveLayout();
        MainWindow other(*m_connection);
        other.restoreLayout();
        QCOMPARE(other.tabs()->currentIndex(), int(MainWindow::ChatTab));
        QVERIFY(QSettings().contains(QStringLiteral("window/geometry")));
    }
};

QTEST_MAIN(TestAdminConsole)
#include "tst_admin_console.moc"
