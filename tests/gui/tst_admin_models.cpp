// SPDX-License-Identifier: AGPL-3.0-or-later
// The console's models and widgets without a cluster: the zones table merges new lists in place,
// companion states in whatever shape they come, the physics scene keeps one item per object and
// updates it in place (2,000 of them), flashes reported collisions, the chat log skips lines it
// has and shows tells, the script errors newest first, the stats editor's merge patch, the chart's
// scale, and the German translation (complete, and used).
#include "ChatModel.h"
#include "HealthModel.h"
#include "MainWindow.h"
#include "ObjectItem.h"
#include "ScriptErrorsModel.h"
#include "StatsDialog.h"
#include "TrendChart.h"
#include "ZoneEntry.h"
#include "ZoneScene.h"
#include "ZonesModel.h"
#include "ZonesPage.h"

#include <QAction>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTranslator>
#include <QtTest>

using namespace smmo::admin;

namespace {

ZoneEntry zone(const QString &id, const QString &state = QStringLiteral("running"), int players = 0)
{
    return ZoneEntry::fromJson({{QStringLiteral("id"), id},
                                {QStringLiteral("state"), state},
                                {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:4000")},
                                {QStringLiteral("pid"), 42},
                                {QStringLiteral("players"), players},
                                {QStringLiteral("objects"), 10},
                                {QStringLiteral("tick_ms_p99"), 0.5},
                                {QStringLiteral("uptime"), 3725.0}});
}

QJsonObject object(qint64 id, double x, double y, const QJsonObject &extra = {})
{
    QJsonObject o{
        {QStringLiteral("id"), id},         {QStringLiteral("name"), QStringLiteral("Thing%1").arg(id)},
        {QStringLiteral("loc_x"), x},       {QStringLiteral("loc_y"), y},
        {QStringLiteral("scale_x"), 1},     {QStringLiteral("scale_y"), 1},
        {QStringLiteral("physical"), true}, {QStringLiteral("states"), QJsonArray()}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        o.insert(it.key(), *it);
    return o;
}

} // namespace

class TestAdminModels : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void zonesModelMergesListsInPlace()
    {
        ZonesModel model;
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        model.setZones({zone("public-A-world"), zone("public-C-world")});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.size(), 2);

        model.setZones(
            {zone("public-A-world"), zone("public-B-world"), zone("public-C-world", "running", 3)});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(1, ZonesModel::Id).data().toString(), QStringLiteral("public-B-world"));
        QCOMPARE(inserted.size(), 3);
        QCOMPARE(changed.size(), 1); // C's players, nothing else
        QCOMPARE(model.index(2, ZonesModel::Players).data().toInt(), 3);

        model.setZones({zone("public-B-world", "crashed"), zone("public-C-world", "running", 3)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(model.index(0, ZonesModel::State).data().toString(), QStringLiteral("crashed"));
        QCOMPARE(reset.size(), 0);

        QCOMPARE(model.index(0, ZonesModel::Uptime).data().toString(), QStringLiteral("1 h 02 min"));
        QCOMPARE(model.index(0, ZonesModel::Uptime).data(ZonesModel::SortRole).toDouble(), 3725.0);
        QCOMPARE(model.rowOf(QStringLiteral("public-C-world")), 1);
        model.setZones({});
        QCOMPARE(model.rowCount(), 0);
    }

    void companionStatesInAnyShape()
    {
        ZoneEntry plain = zone("public-A-world");
        QVERIFY(!plain.companionState(QStringLiteral("scriptserver")));
        QCOMPARE(HealthModel::companionText(plain, QStringLiteral("scriptserver")),
                 QStringLiteral("not available"));

        QJsonObject json = plain.raw;
        json.insert(QStringLiteral("companions"),
                    QJsonObject{{QStringLiteral("simplemmo-scriptserver"),
                                 QJsonObject{{QStringLiteral("state"), QStringLiteral("running")}}},
                                {QStringLiteral("simplemmo-physicsserver"), QStringLiteral("crashed")}});
        const ZoneEntry mapped = ZoneEntry::fromJson(json);
        QCOMPARE(mapped.companionState(QStringLiteral("scriptserver")).value_or(QString()),
                 QStringLiteral("running"));
        QCOMPARE(mapped.companionState(QStringLiteral("physicsserver")).value_or(QString()),
                 QStringLiteral("crashed"));

        json.insert(QStringLiteral("companions"),
                    QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("scriptserver")},
                                           {QStringLiteral("connected"), true}}});
        const ZoneEntry listed = ZoneEntry::fromJson(json);
        QCOMPARE(listed.companionState(QStringLiteral("scriptserver")).value_or(QString()),
                 QStringLiteral("connected"));
        QVERIFY(!listed.companionState(QStringLiteral("physicsserver")));
    }

    void sceneKeepsOneItemPerObjectAndUpdatesInPlace()
    {
        ZoneScene scene;
        QList<QJsonObject> objects;
        for (int i = 0; i < 2000; ++i)
            objects.append(object(i + 1, (i % 50) * 3.0, (i / 50) * 3.0));
        objects.append(object(
            5000, 500, 500,
            {{QStringLiteral("name"), QStringLiteral("Groxnor")},
             {QStringLiteral("physical"), false},
             {QStringLiteral("states"), QJsonArray{QStringLiteral("player"), QStringLiteral("online")}}}));
        scene.applySnapshot(objects);
        QCOMPARE(scene.objectCount(), 2001);
        QCOMPARE(scene.items().size() >= 2001, true);
        QCOMPARE(scene.playerCount(), 1);
        QCOMPARE(scene.playerNames(), QStringList{QStringLiteral("Groxnor")});
        QCOMPARE(scene.collisionsSeen(), 0); // 3 m apart, 1 m wide

        ObjectItem *first = scene.item(1);
        QVERIFY(first);
        QCOMPARE(first->worldPos(), QPointF(0, 0));
        QCOMPARE(first->pos(), QPointF(0, 0));
        ObjectItem *far = scene.item(51); // row 1: y = 3 in the world, -3 on the scene
        QCOMPARE(far->pos(), QPointF(0, -3));

        // Changes touch the same items.
        scene.applyChanges(
            {object(1, 10.5, -2),
             object(2, 7, 7, {{QStringLiteral("scale_x"), 4}, {QStringLiteral("scale_y"), 2}})});
        QCOMPARE(scene.item(1), first);
        QCOMPARE(first->worldPos(), QPointF(10.5, -2));
        QCOMPARE(scene.item(2)->rect(), QRectF(-2, -1, 4, 2));
        QCOMPARE(scene.item(2)->radius(), 2.0);

        ObjectItem *player = scene.findByName(QStringLiteral("groxnor"));
        QVERIFY(player && player->isPlayer() && !player->isPhysical());
        QVERIFY(player->toolTip().contains(QStringLiteral("Groxnor")));
        QVERIFY(player->toolTip().contains(QStringLiteral("player")));
        QVERIFY(player->zValue() > first->zValue()); // players are drawn on top

        // A snapshot without an object removes its item.
        objects.removeAt(0);
        scene.applySnapshot(objects);
        QCOMPARE(scene.objectCount(), 2000);
        QVERIFY(!scene.item(1));
    }

    void sceneFlashesReportedCollisionsAndRemovesObjects()
    {
        ZoneScene scene;
        scene.setFlashDuration(50);
        scene.applySnapshot({object(1, 0, 0), object(2, 5, 0), object(3, 0.2, 0)});
        QCOMPARE(scene.collisionsSeen(), 0); // overlapping is not what counts: the zone's events are

        // The zone reports each collision about both objects: counted once, both flash.
        QSignalSpy collided(&scene, &ZoneScene::collision);
        scene.flashCollision(2, 1);
        scene.flashCollision(1, 2);
        QCOMPARE(collided.size(), 1);
        QCOMPARE(collided.first().at(0).toLongLong(), 1);
        QCOMPARE(collided.first().at(1).toLongLong(), 2);
        QCOMPARE(scene.collisionsSeen(), 1);
        QVERIFY(scene.item(1)->isFlashing() && scene.item(2)->isFlashing() && !scene.item(3)->isFlashing());
        QCOMPARE(scene.item(1)->brush().color(), QColor(0xe0, 0x20, 0x20));
        QTRY_VERIFY_WITH_TIMEOUT(!scene.item(1)->isFlashing(), 2000);
        QVERIFY(scene.item(1)->brush().color() != QColor(0xe0, 0x20, 0x20));

        // About objects the view does not have: nothing to flash, nothing counted.
        scene.flashCollision(98, 99);
        QCOMPARE(scene.collisionsSeen(), 1);

        // Destroyed objects go at once, flashing or not.
        scene.flashCollision(2, 3);
        QSignalSpy changed(&scene, &ZoneScene::objectsChanged);
        scene.removeObjects({2, 42});
        QVERIFY(!scene.item(2));
        QCOMPARE(scene.objectCount(), 2);
        QCOMPARE(changed.size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!scene.item(3)->isFlashing(), 2000);
    }

    void chatModelSkipsLinesItHas()
    {
        ChatModel model;
        auto line = [](qint64 id, const QString &text) {
            return ChatLine::fromJson(
                {{QStringLiteral("id"), id},
                 {QStringLiteral("sender"), QStringLiteral("Groxnor")},
                 {QStringLiteral("body"), text},
                 {QStringLiteral("sent"), QStringLiteral("2024-05-01T12:30:01.125000Z")},
                 {QStringLiteral("player_generated"), true}});
        };
        QCOMPARE(model.append({line(1, "a"), line(2, "b")}), 2);
        QCOMPARE(model.append({line(2, "b"), line(3, "c")}), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(2, ChatModel::Text).data().toString(), QStringLiteral("c"));
        QVERIFY(model.containsText(QStringLiteral("Groxnor"), QStringLiteral("b")));
        QVERIFY(model.lines().first().sent.isValid());

        model.setMaximumLines(2);
        model.append({line(4, "d")});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, ChatModel::Text).data().toString(), QStringLiteral("c"));
    }

    void chatModelShowsTellsWithTheirRecipient()
    {
        ChatModel model;
        const auto tell = [](qint64 id, const QString &text) {
            return ChatLine::fromJson(
                {{QStringLiteral("type"), QStringLiteral("chat")},
                 {QStringLiteral("scope"), QStringLiteral("tell")},
                 {QStringLiteral("id"), id},
                 {QStringLiteral("sender"), QStringLiteral("Groxnor")},
                 {QStringLiteral("to"), QStringLiteral("Bobby")},
                 {QStringLiteral("body"), text},
                 {QStringLiteral("sent"), QStringLiteral("2024-05-01T12:30:01.125000Z")}});
        };
        // A tell sent on to another zone is not stored there (id 0): each is a line of its own.
        QCOMPARE(model.append({tell(0, "a"), tell(0, "b"), tell(7, "c"), tell(7, "c")}), 3);
        QCOMPARE(model.index(0, ChatModel::Sender).data().toString(), QStringLiteral("Groxnor → Bobby"));
        QCOMPARE(model.lines().at(1).recipient, QStringLiteral("Bobby"));
    }

    void scriptErrorsNewestFirst()
    {
        ScriptErrorsModel model;
        const QJsonArray errors{
            QJsonObject{{QStringLiteral("time"), QStringLiteral("2024-05-01T12:30:01.125000Z")},
                        {QStringLiteral("kind"), QStringLiteral("load")},
                        {QStringLiteral("script"), QStringLiteral("broken")},
                        {QStringLiteral("message"), QStringLiteral("SyntaxError")}},
            QJsonObject{{QStringLiteral("time"), QStringLiteral("2024-05-01T12:30:02.125000Z")},
                        {QStringLiteral("kind"), QStringLiteral("fault")},
                        {QStringLiteral("id"), 7},
                        {QStringLiteral("object"), QStringLiteral("Gremlin")},
                        {QStringLiteral("script"), QStringLiteral("faulty")},
                        {QStringLiteral("handler"), QStringLiteral("onTick")},
                        {QStringLiteral("message"), QStringLiteral("ReferenceError: noSuchFunction")},
                        {QStringLiteral("faults"), 3},
                        {QStringLiteral("disabled"), true}}};
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setErrors(errors);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, ScriptErrorsModel::Object).data().toString(), QStringLiteral("Gremlin #7"));
        QCOMPARE(model.index(0, ScriptErrorsModel::Kind).data().toString(),
                 QStringLiteral("fault 3, disabled"));
        QCOMPARE(model.index(0, ScriptErrorsModel::Handler).data().toString(), QStringLiteral("onTick"));
        QCOMPARE(model.index(1, ScriptErrorsModel::Kind).data().toString(), QStringLiteral("does not load"));
        QCOMPARE(model.index(1, ScriptErrorsModel::Object).data().toString(), QString());
        QCOMPARE(model.index(1, ScriptErrorsModel::Script).data().toString(), QStringLiteral("broken"));
        model.setErrors(errors); // polled again, nothing new: no reset
        QCOMPARE(reset.size(), 1);
    }

    void statsEditorMakesAMergePatch()
    {
        const QJsonObject before{{QStringLiteral("level"), 1},
                                 {QStringLiteral("strength"), 10},
                                 {QStringLiteral("title"), QStringLiteral("Sir")}};
        const QJsonObject after{{QStringLiteral("level"), 5},
                                {QStringLiteral("title"), QStringLiteral("Sir")},
                                {QStringLiteral("luck"), 7}};
        const QJsonObject patch = StatsDialog::diff(before, after);
        QCOMPARE(patch, (QJsonObject{{QStringLiteral("level"), 5},
                                     {QStringLiteral("luck"), 7},
                                     {QStringLiteral("strength"), QJsonValue::Null}}));
        const QString text = StatsDialog::describe(before, patch);
        QVERIFY(text.contains(QStringLiteral("level: 1 → 5")));
        QVERIFY(text.contains(QStringLiteral("luck: new, 7")));
        QVERIFY(text.contains(QStringLiteral("strength: remove (was 10)")));

        QCOMPARE(StatsDialog::parseValue(QStringLiteral("12.5")), QJsonValue(12.5));
        QCOMPARE(StatsDialog::parseValue(QStringLiteral("true")), QJsonValue(true));
        QCOMPARE(StatsDialog::parseValue(QStringLiteral("Knight")), QJsonValue(QStringLiteral("Knight")));
        QCOMPARE(StatsDialog::parseValue(QStringLiteral("null")), QJsonValue(QJsonValue::Null));

        StatsDialog dialog(QStringLiteral("Groxnor"), before);
        QCOMPARE(dialog.table()->rowCount(), 3);
        QVERIFY(dialog.changes().isEmpty());
        dialog.table()->item(0, 1)->setText(QStringLiteral("2")); // level (keys are sorted)
        QCOMPARE(dialog.changes(), (QJsonObject{{QStringLiteral("level"), 2}}));
    }

    void chartScalesAndPaints()
    {
        QCOMPARE(TrendChart::niceMaximum(0), 1.0);
        QCOMPARE(TrendChart::niceMaximum(0.37), 0.5);
        QCOMPARE(TrendChart::niceMaximum(3), 5.0);
        QCOMPARE(TrendChart::niceMaximum(12), 20.0);
        QCOMPARE(TrendChart::niceMaximum(100), 100.0);
        TrendChart chart(QStringLiteral("Tick"), QStringLiteral("ms"));
        chart.resize(400, 180);
        chart.setSeries({{QStringLiteral("public-A-world"), {{0, 0.2}, {1, 0.4}, {2, 0.3}}}});
        QVERIFY(!chart.grab().toImage().isNull());
    }

    void germanTranslationIsComplete()
    {
        QFile ts(qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR") +
                 QStringLiteral("/translations/simplemmo_admin_de.ts"));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(ts.readAll());
        const int messages = int(text.count(QStringLiteral("<message")));
        QVERIFY(messages > 100);
        QCOMPARE(text.count(QStringLiteral("type=\"unfinished\"")), 0);
        QCOMPARE(text.count(QStringLiteral("type=\"vanished\"")), 0);
        QCOMPARE(text.count(QStringLiteral("type=\"obsolete\"")), 0);
        QCOMPARE(text.count(QRegularExpression(QStringLiteral("<translation>\\s*</translation>"))), 0);
    }

    void consoleSpeaksGerman()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/simplemmo_admin_de.qm")));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        {
            smmo::admin::ClusterConnection connection;
            MainWindow window(connection);
            QCOMPARE(window.tabs()->tabText(MainWindow::ZonesTab), QStringLiteral("Zonen"));
            QCOMPARE(window.zonesPage()->killAction()->text(), QStringLiteral("&Hart beenden"));
            QCOMPARE(window.serverStateText(smmo::admin::Server::Master),
                     QStringLiteral("MasterZoneServer: nicht eingerichtet"));
            QCOMPARE(ZonesModel::durationText(3725), QStringLiteral("1 Std. 02 Min."));
        }
        QCoreApplication::removeTranslator(&translator);
        QCOMPARE(ZonesModel::durationText(3725), QStringLiteral("1 h 02 min"));
    }
};

QTEST_MAIN(TestAdminModels)
#include "tst_admin_models.moc"
