// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ChatPage.h"

#include "ChatFeed.h"
#include "ChatModel.h"
#include "ClusterConnection.h"
#include "EmptyState.h"
#include "ZoneMonitor.h"
#include "ZonePicker.h"

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

#include <memory>

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
      m_zoneEmpty(new EmptyState(m_zoneTable, this)), m_globalEmpty(new EmptyState(m_globalTable, this)),
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
    zoneLayout->addWidget(m_zoneEmpty, 1);
    auto *tellNote = new QLabel(tr("Tells are private: the zones' API does not list them."), zoneBox);
    tellNote->setEnabled(false);
    zoneLayout->addWidget(tellNote);

    auto *globalBox = new QGroupBox(tr("Global chat"), this);
    (new QVBoxLayout(globalBox))->addWidget(m_globalEmpty);

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("chatSplitter"));
    splitter->addWidget(zoneBox);
    splitter->addWidget(globalBox);

    m_scope->addItem(tr("to this zone"));
    m_scope->addItem(tr("to every running zone"));
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
            if (!url.isEmpty())
                m_zoneFeed->followZone(url);
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
    connect(m_globalFeed, &ChatFeed::restarted, m_globalModel, &ChatModel::clear);
    connect(m_globalFeed, &ChatFeed::received, this, [this](const QList<ChatLine> &lines) {
        followNewRows(m_globalTable);
        m_globalModel->append(lines);
        updateEmptyStates();
    });
    connect(&m_connection, &ClusterConnection::loggedIn, m_globalFeed, &ChatFeed::followGlobal);
    connect(&m_connection, &ClusterConnection::loggedOut, m_globalFeed, &ChatFeed::stop);
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
    if (zoneId.isEmpty()) {
        m_zoneFeed->stop();
        m_zoneModel->clear();
    } else {
        m_zoneFeed->followZone(m_monitor.urlOf(zoneId));
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
        emit notify(tr("Pick a zone to send to, or send to every running zone."), true);
        return;
    }
    broadcast(text, everyZone);
    m_text->clear();
}

void ChatPage::broadcast(const QString &text, bool everyZone)
{
    QStringList zones = everyZone ? m_monitor.runningZoneIds() : QStringList{m_zone};
    zones.removeAll(QString());
    if (zones.isEmpty()) {
        emit notify(tr("No zone is running: the line reaches nobody."), true);
        emit broadcastFinished(0, 0);
        return;
    }
    struct Tally
    {
        int asked = 0;
        int answered = 0;
        int reached = 0;
        QStringList errors;
    };
    auto tally = std::make_shared<Tally>();
    tally->asked = int(zones.size());
    const QJsonObject command{{QStringLiteral("command"), QStringLiteral("broadcast")},
                              {QStringLiteral("args"), QJsonArray{text}}};
    for (const QString &zone : zones) {
        m_connection.zonePost(
            m_monitor.urlOf(zone), QStringLiteral("/admin"), command, this,
            [this, tally, zone](const ServiceResult &result) {
                ++tally->answered;
                if (result.ok)
                    ++tally->reached;
                else
                    tally->errors.append(QStringLiteral("%1: %2").arg(zone, result.error));
                if (tally->answered < tally->asked)
                    return;
                if (tally->errors.isEmpty())
                    emit notify(tr("Sent. Zones reached: %1 of %2.").arg(tally->reached).arg(tally->asked),
                                false);
                else
                    emit notify(tr("Zones reached: %1 of %2. %3")
                                    .arg(tally->reached)
                                    .arg(tally->asked)
                                    .arg(tally->errors.join(QStringLiteral("; "))),
                                true);
                m_zoneFeed->pollNow();
                emit broadcastFinished(tally->reached, tally->asked);
            });
    }
}

} // namespace smmo::admin
