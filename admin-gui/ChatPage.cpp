// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ChatPage.h"

#include "ChatFeed.h"
#include "ChatModel.h"
#include "ClusterConnection.h"
#include "EmptyState.h"
#include "ZoneMonitor.h"
#include "ZonePicker.h"
#include "ZoneSpectator.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace smmo::admin {

namespace {
// New lines scroll into view unless the operator has scrolled up to read.
void followNewRows(QTableView *table)
{
    QScrollBar *bar = table->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 2;
    if (atBottom)
        QMetaObject::invokeMethod(table, &QTableView::scrollToBottom, Qt::QueuedConnection);
}
} // namespace

QTableView *ChatPage::makeTable(ChatModel *model, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setModel(model);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(ChatModel::Time, QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(ChatModel::Sender, QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(false);
    table->setShowGrid(false);
    table->setAlternatingRowColors(true);
    return table;
}

ChatPage::ChatPage(ClusterConnection &connection, ZoneMonitor &monitor, QWidget *parent)
    : QWidget(parent), m_connection(connection), m_monitor(monitor), m_picker(new ZonePicker(monitor, this)),
      m_zoneModel(new ChatModel(this)), m_globalModel(new ChatModel(this)),
      m_zoneFeed(new ChatFeed(connection, this)), m_globalFeed(new ChatFeed(connection, this)),
      m_zoneTable(makeTable(m_zoneModel, this)), m_globalTable(makeTable(m_globalModel, this)),
      m_tellModel(new ChatModel(this)), m_tellWatch(new ZoneSpectator(connection, this)),
      m_tellTable(makeTable(m_tellModel, this)), m_zoneEmpty(new EmptyState(m_zoneTable, this)),
      m_globalEmpty(new EmptyState(m_globalTable, this)), m_tellEmpty(new EmptyState(m_tellTable, this)),
      m_scope(new QComboBox(this)), m_text(new QLineEdit(this)), m_send(new QPushButton(tr("&Send"), this))
{
    auto *zoneBox = new QGroupBox(tr("Zone chat"), this);
    auto *zoneLayout = new QVBoxLayout(zoneBox);
    auto *pickRow = new QHBoxLayout;
    auto *zoneLabel = new QLabel(tr("&Zone:"), zoneBox);
    zoneLabel->setBuddy(m_picker);
    pickRow->addWidget(zoneLabel);
    pickRow->addWidget(m_picker, 1);
    zoneLayout->addLayout(pickRow);
    auto *tellBox = new QWidget(zoneBox);
    auto *tellLayout = new QVBoxLayout(tellBox);
    tellLayout->setContentsMargins(0, 0, 0, 0);
    auto *tellTitle =
        new QLabel(tr("<b>Tells</b> in this zone: private lines, shown to administrators only"), tellBox);
    tellTitle->setToolTip(tr("Watched live through an administrator's spectator connection to the zone; "
                             "tells from before are not kept for anyone to read."));
    tellLayout->addWidget(tellTitle);
    tellLayout->addWidget(m_tellEmpty, 1);
    auto *zoneSplit = new QSplitter(Qt::Vertical, zoneBox);
    zoneSplit->setObjectName(QStringLiteral("chatZoneSplitter"));
    zoneSplit->addWidget(m_zoneEmpty);
    zoneSplit->addWidget(tellBox);
    zoneSplit->setStretchFactor(0, 3);
    zoneSplit->setStretchFactor(1, 1);
    zoneSplit->setSizes({300, 100}); // the zone's chat first; tells are rarer
    zoneLayout->addWidget(zoneSplit, 1);

    auto *globalBox = new QGroupBox(tr("Global chat"), this);
    (new QVBoxLayout(globalBox))->addWidget(m_globalEmpty);

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("chatSplitter"));
    splitter->addWidget(zoneBox);
    splitter->addWidget(globalBox);

    m_scope->addItem(tr("to this zone"));
    m_scope->addItem(tr("to every zone (global chat)"));
    m_text->setPlaceholderText(tr("A line to send as the server (Ctrl+Return)"));
    m_text->setMaxLength(500); // the zones' limit
    auto *sendRow = new QHBoxLayout;
    auto *sendLabel = new QLabel(tr("Broadcast:"), this);
    sendLabel->setBuddy(m_text);
    sendRow->addWidget(sendLabel);
    sendRow->addWidget(m_text, 1);
    sendRow->addWidget(m_scope);
    sendRow->addWidget(m_send);
    connect(m_send, &QPushButton::clicked, this, &ChatPage::send);
    connect(m_text, &QLineEdit::returnPressed, this, &ChatPage::send);
    auto *sendKey =
        new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this, nullptr, nullptr, Qt::WindowShortcut);
    connect(sendKey, &QShortcut::activated, this, &ChatPage::send);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addLayout(sendRow);

    connect(m_picker, &ZonePicker::zoneChosen, this, &ChatPage::zoneChosen);
    connect(&m_monitor, &ZoneMonitor::zonesUpdated, this, [this] {
        if (!m_zone.isEmpty()) {
            const QUrl url = m_monitor.urlOf(m_zone);
            if (!url.isEmpty()) {
                m_zoneFeed->followZone(url);
                m_tellWatch->setZone(url);
            }
        }
        updateEmptyStates();
    });
    connect(m_zoneFeed, &ChatFeed::restarted, m_zoneModel, &ChatModel::clear);
    connect(m_zoneFeed, &ChatFeed::received, this, [this](const QList<ChatLine> &lines) {
        m_zoneError.clear();
        followNewRows(m_zoneTable);
        m_zoneModel->append(lines);
        updateEmptyStates();
    });
    connect(m_zoneFeed, &ChatFeed::failed, this, [this](const QString &message) {
        m_zoneError = message;
        updateEmptyStates();
    });
    connect(m_tellWatch, &ZoneSpectator::chatReceived, this, [this](const QJsonObject &line) {
        if (line.value(QStringLiteral("scope")).toString() != QLatin1String("tell"))
            return;
        followNewRows(m_tellTable);
        m_tellModel->append({ChatLine::fromJson(line)});
        updateEmptyStates();
    });
    connect(m_tellWatch, &ZoneSpectator::watching, this, [this] {
        m_tellError.clear();
        updateEmptyStates();
    });
    connect(m_tellWatch, &ZoneSpectator::failed, this, [this](const QString &message) {
        m_tellError = message;
        updateEmptyStates();
    });
    connect(m_globalFeed, &ChatFeed::restarted, m_globalModel, &ChatModel::clear);
    connect(m_globalFeed, &ChatFeed::received, this, [this](const QList<ChatLine> &lines) {
        followNewRows(m_globalTable);
        m_globalModel->append(lines);
        updateEmptyStates();
    });
    connect(&m_connection, &ClusterConnection::loggedIn, m_globalFeed, &ChatFeed::followGlobal);
    connect(&m_connection, &ClusterConnection::loggedOut, m_globalFeed, &ChatFeed::stop);
    // The spectator connection carries the session: a new login opens it again (zonesUpdated).
    connect(&m_connection, &ClusterConnection::loggedOut, m_tellWatch, [this] { m_tellWatch->setZone({}); });
    connect(&m_connection, &ClusterConnection::loggedOut, this, &ChatPage::updateEmptyStates);
    if (m_connection.isLoggedIn())
        m_globalFeed->followGlobal();
    updateEmptyStates();
}

bool ChatPage::watchZone(const QString &zoneId)
{
    return m_picker->setZoneId(zoneId);
}

void ChatPage::zoneChosen(const QString &zoneId)
{
    m_zone = zoneId;
    m_zoneError.clear();
    m_tellError.clear();
    m_tellModel->clear();
    if (zoneId.isEmpty()) {
        m_zoneFeed->stop();
        m_zoneModel->clear();
        m_tellWatch->setZone({});
    } else {
        m_zoneFeed->followZone(m_monitor.urlOf(zoneId));
        m_tellWatch->setZone(m_monitor.urlOf(zoneId));
    }
    updateEmptyStates();
}

void ChatPage::updateEmptyStates()
{
    if (!m_connection.isLoggedIn())
        m_zoneEmpty->showMessage(tr("Not connected."));
    else if (m_zone.isEmpty())
        m_zoneEmpty->showMessage(tr("Pick a running zone to follow its chat."));
    else if (!m_zoneError.isEmpty() && m_zoneModel->rowCount() == 0)
        m_zoneEmpty->showMessage(tr("Cannot read the chat of %1: %2").arg(m_zone, m_zoneError));
    else if (m_zoneModel->rowCount() == 0)
        m_zoneEmpty->showMessage(tr("Nobody has said anything in %1 yet.").arg(m_zone));
    else
        m_zoneEmpty->showContent();

    if (!m_connection.isLoggedIn() || m_zone.isEmpty())
        m_tellEmpty->showMessage(m_zoneEmpty->message());
    else if (!m_tellError.isEmpty() && m_tellModel->rowCount() == 0)
        m_tellEmpty->showMessage(tr("Cannot watch the tells of %1: %2").arg(m_zone, m_tellError));
    else if (m_tellModel->rowCount() == 0)
        m_tellEmpty->showMessage(tr("No tells in %1 since you started watching.").arg(m_zone));
    else
        m_tellEmpty->showContent();

    if (!m_connection.isLoggedIn())
        m_globalEmpty->showMessage(tr("Not connected."));
    else if (m_globalModel->rowCount() == 0)
        m_globalEmpty->showMessage(tr("No global chat yet."));
    else
        m_globalEmpty->showContent();
    m_send->setEnabled(m_connection.isLoggedIn());
}

void ChatPage::send()
{
    const QString text = m_text->text().trimmed();
    if (text.isEmpty())
        return;
    const bool everyZone = m_scope->currentIndex() == 1;
    if (!everyZone && m_zone.isEmpty()) {
        emit notify(tr("Pick a zone to send to, or send a global line to every zone."), true);
        return;
    }
    broadcast(text, everyZone);
    m_text->clear();
}

void ChatPage::broadcast(const QString &text, bool everyZone)
{
    if (everyZone) {
        // One global line as the server: stored by the master and passed on by every zone.
        m_connection.post(Server::Master, QStringLiteral("/chat/broadcast"), {{QStringLiteral("text"), text}},
                          this, [this](const ServiceResult &result) {
                              if (!result.ok) {
                                  emit notify(tr("Could not send the global line: %1").arg(result.error),
                                              true);
                                  emit broadcastFinished(0, 0);
                                  return;
                              }
                              const int zones = result.object().value(QStringLiteral("zones")).toInt();
                              emit notify(tr("Sent as a global line. Zones reached: %1.").arg(zones), false);
                              m_globalFeed->pollNow();
                              emit broadcastFinished(zones, zones);
                          });
        return;
    }
    const QUrl zone = m_monitor.urlOf(m_zone);
    if (m_zone.isEmpty() || zone.isEmpty()) {
        emit notify(tr("The zone is not running: the line reaches nobody."), true);
        emit broadcastFinished(0, 0);
        return;
    }
    const QJsonObject command{{QStringLiteral("command"), QStringLiteral("broadcast")},
                              {QStringLiteral("args"), QJsonArray{text}}};
    const QString zoneId = m_zone;
    m_connection.zonePost(zone, QStringLiteral("/admin"), command, this,
                          [this, zoneId](const ServiceResult &result) {
                              if (result.ok)
                                  emit notify(tr("Sent to %1.").arg(zoneId), false);
                              else
                                  emit notify(tr("Could not send to %1: %2").arg(zoneId, result.error), true);
                              m_zoneFeed->pollNow();
                              emit broadcastFinished(result.ok ? 1 : 0, 1);
                          });
}

} // namespace smmo::admin
