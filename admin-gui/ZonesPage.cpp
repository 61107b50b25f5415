// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZonesPage.h"

#include "ClusterConnection.h"
#include "Confirm.h"
#include "EmptyState.h"
#include "SpawnDialog.h"
#include "ZoneId.h"
#include "ZoneMonitor.h"
#include "ZonesModel.h"

#include <QAction>
#include <QHeaderView>
#include <QLineEdit>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace smmo::admin {

ZonesPage::ZonesPage(ClusterConnection &connection, ZoneMonitor &monitor, QWidget *parent)
    : QWidget(parent), m_connection(connection), m_monitor(monitor), m_model(new ZonesModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_table(new QTableView),
      m_empty(new EmptyState(m_table, this)), m_filter(new QLineEdit(this)),
      m_spawn(new QAction(tr("&Spawn…"), this)), m_stop(new QAction(tr("S&top"), this)),
      m_kill(new QAction(tr("&Kill"), this)), m_restart(new QAction(tr("&Restart"), this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ZonesModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1); // every column: id, state, URL, ...

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ZonesModel::Id, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ZonesModel::Id, QHeaderView::Stretch);
    m_table->setWordWrap(false);
    m_table->setObjectName(QStringLiteral("zonesTable"));

    m_filter->setPlaceholderText(tr("Filter zones by id, state or URL (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        updateEmptyState();
    });
    auto *find = new QShortcut(QKeySequence::Find, this, nullptr, nullptr, Qt::WindowShortcut);
    connect(find, &QShortcut::activated, this, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });

    m_spawn->setShortcut(QKeySequence::New);
    m_spawn->setToolTip(tr("Start a zone (Ctrl+N)"));
    m_stop->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_stop->setToolTip(tr("Stop the selected zone gracefully: it saves and exits (Ctrl+Shift+S)"));
    m_kill->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_kill->setToolTip(tr("Kill the selected zone at once; positions since its last checkpoint are "
                          "lost (Ctrl+Shift+K)"));
    m_restart->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_restart->setToolTip(tr("Stop the selected zone gracefully and start it again (Ctrl+Shift+R)"));
    for (QAction *action : zoneActions())
        action->setShortcutContext(Qt::WindowShortcut);
    connect(m_spawn, &QAction::triggered, this, &ZonesPage::openSpawnDialog);
    connect(m_stop, &QAction::triggered, this, [this] { runOnSelection(Operation::Stop); });
    connect(m_kill, &QAction::triggered, this, [this] { runOnSelection(Operation::Kill); });
    connect(m_restart, &QAction::triggered, this, [this] { runOnSelection(Operation::Restart); });

    auto *tools = new QToolBar(this);
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    tools->addActions(zoneActions());
    tools->addSeparator();
    tools->addWidget(m_filter);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tools);
    layout->addWidget(m_empty);

    connect(&m_monitor, &ZoneMonitor::zonesUpdated, this, [this] {
        m_model->setZones(m_monitor.zones());
        updateEmptyState();
        updateActions();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ZonesPage::updateActions);
    connect(&m_connection, &ClusterConnection::loggedIn, this, &ZonesPage::updateActions);
    connect(&m_connection, &ClusterConnection::loggedOut, this, &ZonesPage::updateActions);
    updateEmptyState();
    updateActions();
}

QList<QAction *> ZonesPage::zoneActions() const
{
    return {m_spawn, m_stop, m_kill, m_restart};
}

QString ZonesPage::selectedZone() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(ZonesModel::ZoneIdRole).toString();
}

bool ZonesPage::selectZone(const QString &zoneId)
{
    const int row = m_model->rowOf(zoneId);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false;
    m_table->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->setCurrentIndex(index);
    return true;
}

void ZonesPage::updateActions()
{
    const bool can = m_connection.isLoggedIn();
    const QString zone = selectedZone();
    m_spawn->setEnabled(can);
    for (QAction *action : {m_stop, m_kill, m_restart})
        action->setEnabled(can && !zone.isEmpty());
}

void ZonesPage::updateEmptyState()
{
    if (!m_connection.isLoggedIn())
        m_empty->showMessage(tr("Not connected. Use Cluster → Connect… (Ctrl+L) to log in to a cluster."));
    else if (!m_monitor.hasAnswered())
        m_empty->showMessage(tr("Asking the MasterZoneServer for its zones…"));
    else if (m_model->rowCount() == 0)
        m_empty->showMessage(tr("No zones are running. Zones start when a player enters one, or "
                                "with Spawn… (Ctrl+N)."));
    else if (m_proxy->rowCount() == 0)
        m_empty->showMessage(tr("No zone matches the filter “%1”.").arg(m_filter->text()));
    else
        m_empty->showContent();
}

void ZonesPage::openSpawnDialog()
{
    QStringList known = SpawnDialog::rememberedDefinitions();
    for (const ZoneEntry &zone : m_monitor.zones())
        if (const auto id = ZoneId::parse(zone.id); id && !known.contains(id->zoneName))
            known.append(id->zoneName);
    SpawnDialog dialog(known, this);
    if (dialog.exec() != QDialog::Accepted || dialog.zoneId().isEmpty())
        return;
    SpawnDialog::rememberDefinition(ZoneId::parse(dialog.zoneId())->zoneName);
    spawnZone(dialog.zoneId());
}

void ZonesPage::spawnZone(const QString &zoneId)
{
    emit notify(tr("Starting %1…").arg(zoneId), false);
    m_connection.postSlow(Server::Master, QStringLiteral("/zones/%1/start").arg(zoneId), {}, this,
                          [this, zoneId](const ServiceResult &result) {
                              m_monitor.refreshNow();
                              const QString message =
                                  result.ok ? tr("%1 is running.").arg(zoneId)
                                            : tr("Could not start %1: %2").arg(zoneId, result.error);
                              emit notify(message, !result.ok);
                              emit operationFinished(zoneId, QStringLiteral("start"), result.ok, message);
                          });
    m_monitor.refreshNow(); // shows it as starting meanwhile
}

void ZonesPage::runOnSelection(Operation operation)
{
    const QString zone = selectedZone();
    if (!zone.isEmpty())
        runOperation(operation, zone);
}

void ZonesPage::runOperation(Operation operation, const QString &zoneId)
{
    QString verb;
    QString title;
    QString question;
    QString progress;
    QString done;
    QString failed;
    switch (operation) {
    case Operation::Stop:
        verb = QStringLiteral("stop");
        title = tr("Stop zone");
        question = tr("Stop %1? Its players are sent away; it saves its state and exits.").arg(zoneId);
        progress = tr("Stopping %1…").arg(zoneId);
        done = tr("%1 stopped.").arg(zoneId);
        failed = tr("Could not stop %1: %2").arg(zoneId);
        break;
    case Operation::Kill:
        verb = QStringLiteral("kill");
        title = tr("Kill zone");
        question = tr("Kill %1 at once? Positions since its last checkpoint are lost.").arg(zoneId);
        progress = tr("Killing %1…").arg(zoneId);
        done = tr("%1 killed.").arg(zoneId);
        failed = tr("Could not kill %1: %2").arg(zoneId);
        break;
    case Operation::Restart:
        verb = QStringLiteral("restart");
        title = tr("Restart zone");
        question = tr("Restart %1? Its players are sent away while it stops and starts again.").arg(zoneId);
        progress = tr("Restarting %1…").arg(zoneId);
        done = tr("%1 restarted.").arg(zoneId);
        failed = tr("Could not restart %1: %2").arg(zoneId);
        break;
    }
    if (!confirm(this, title, question))
        return;
    emit notify(progress, false);
    m_connection.postSlow(Server::Master, QStringLiteral("/zones/%1/%2").arg(zoneId, verb), {}, this,
                          [this, zoneId, verb, done, failed](const ServiceResult &result) {
                              m_monitor.refreshNow();
                              const QString message = result.ok ? done : failed.arg(result.error);
                              emit notify(message, !result.ok);
                              emit operationFinished(zoneId, verb, result.ok, message);
                          });
    m_monitor.refreshNow();
}

} // namespace smmo::admin
