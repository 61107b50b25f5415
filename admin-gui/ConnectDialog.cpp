// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ConnectDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

namespace smmo::admin {

namespace {
QUrl normalised(const QString &text)
{
    QString trimmed = text.trimmed();
    if (!trimmed.isEmpty() && !trimmed.contains(QStringLiteral("://")))
        trimmed.prepend(QStringLiteral("http://"));
    return QUrl(trimmed, QUrl::StrictMode);
}
} // namespace

ConnectDialog::ConnectDialog(ClusterConnection &connection, QWidget *parent)
    : QDialog(parent), m_connection(connection), m_auth(new QLineEdit(this)), m_char(new QLineEdit(this)),
      m_master(new QLineEdit(this)), m_user(new QLineEdit(this)), m_password(new QLineEdit(this)),
      m_error(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Connect to a cluster"));
    m_password->setEchoMode(QLineEdit::Password);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b02020"));
    m_error->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));

    auto *form = new QFormLayout(this);
    form->addRow(tr("&AuthServer URL:"), m_auth);
    form->addRow(tr("C&harServer URL:"), m_char);
    form->addRow(tr("&MasterZoneServer URL:"), m_master);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(m_error);
    form->addRow(m_buttons);

    setUrls(rememberedUrls());
    setUser(rememberedUser());
    if (!m_user->text().isEmpty())
        m_password->setFocus();

    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::connectToCluster);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&m_connection, &ClusterConnection::loggedIn, this, [this] {
        if (!m_waiting)
            return;
        setBusy(false);
        QSettings settings;
        settings.setValue(QStringLiteral("cluster/auth"), m_auth->text().trimmed());
        settings.setValue(QStringLiteral("cluster/char"), m_char->text().trimmed());
        settings.setValue(QStringLiteral("cluster/master"), m_master->text().trimmed());
        settings.setValue(QStringLiteral("cluster/user"), m_user->text().trimmed());
        accept();
    });
    connect(&m_connection, &ClusterConnection::loginFailed, this, [this](const QString &message) {
        if (!m_waiting)
            return;
        setBusy(false);
        showError(message);
    });
    resize(480, sizeHint().height());
}

ClusterUrls ConnectDialog::rememberedUrls()
{
    const QSettings settings;
    return {QUrl(settings.value(QStringLiteral("cluster/auth"), QStringLiteral("http://127.0.0.1:1234"))
                     .toString()),
            QUrl(settings.value(QStringLiteral("cluster/char"), QStringLiteral("http://127.0.0.1:1235"))
                     .toString()),
            QUrl(settings.value(QStringLiteral("cluster/master"), QStringLiteral("http://127.0.0.1:1236"))
                     .toString())};
}

QString ConnectDialog::rememberedUser()
{
    return QSettings().value(QStringLiteral("cluster/user")).toString();
}

ClusterUrls ConnectDialog::urls() const
{
    return {normalised(m_auth->text()), normalised(m_char->text()), normalised(m_master->text())};
}

void ConnectDialog::setUrls(const ClusterUrls &urls)
{
    m_auth->setText(urls.auth.toString());
    m_char->setText(urls.character.toString());
    m_master->setText(urls.master.toString());
}

QString ConnectDialog::user() const
{
    return m_user->text().trimmed();
}

void ConnectDialog::setUser(const QString &user)
{
    m_user->setText(user);
}

void ConnectDialog::setPassword(const QString &password)
{
    m_password->setText(password);
}

QString ConnectDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ConnectDialog::connectToCluster()
{
    const ClusterUrls entered = urls();
    for (const QUrl &url : {entered.auth, entered.character, entered.master})
        if (!url.isValid() || url.host().isEmpty() ||
            (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
            showError(tr("“%1” is not an http:// or https:// URL.").arg(url.toString()));
            return;
        }
    if (user().isEmpty()) {
        showError(tr("Enter the name of an administrator's account."));
        return;
    }
    m_error->hide();
    setBusy(true);
    m_connection.logout();
    m_connection.setUrls(entered);
    m_connection.login(user(), m_password->text());
}

void ConnectDialog::setBusy(bool busy)
{
    m_waiting = busy;
    for (QWidget *widget : std::initializer_list<QWidget *>{m_auth, m_char, m_master, m_user, m_password})
        widget->setEnabled(!busy);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    m_buttons->button(QDialogButtonBox::Ok)->setText(busy ? tr("Connecting…") : tr("&Connect"));
}

void ConnectDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

} // namespace smmo::admin
