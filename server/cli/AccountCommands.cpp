// SPDX-License-Identifier: AGPL-3.0-or-later
// register, login, logout, characters, create, whoami: the AuthServer and CharServer commands.
#include "CliApp.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace smmo::cli {

void CliApp::registerAccountCommands()
{
    m_commands.add({QStringLiteral("register"), QStringLiteral("register <user> <password> [email]"),
                    tr("Create an account."), QStringLiteral("register alice s3cret alice@example.org"), 2, 3,
                    [this](const QStringList &args, Done done) {
                        QJsonObject body{{QStringLiteral("username"), args[0]}, {QStringLiteral("password"), args[1]}};
                        if (args.size() > 2)
                            body.insert(QStringLiteral("email"), args[2]);
                        m_session.auth().post(QStringLiteral("/register"), body, this, [this, done](const ServiceResult &r) {
                            if (!r.ok) {
                                printError(r.error);
                                return done(false);
                            }
                            print(QString::fromUtf8(r.body));
                            done(true);
                        });
                    }});

    const auto login = [this](const QString &user, const QString &password, Done done) {
        const QJsonObject body{{QStringLiteral("username"), user},
                               {QStringLiteral("password"), password},
                               {QStringLiteral("format"), QStringLiteral("json")}};
        m_session.auth().post(QStringLiteral("/login"), body, this, [this, done](const ServiceResult &r) {
            if (!r.ok) {
                printError(r.error);
                return done(false);
            }
            const QJsonObject answer = r.object();
            QStringList roles;
            for (const auto &role : answer.value(QStringLiteral("roles")).toArray())
                roles << role.toString();
            m_session.setLogin(answer.value(QStringLiteral("token")).toString().toLatin1(),
                               answer.value(QStringLiteral("user")).toString(), roles);
            print(tr("Logged in as %1.").arg(m_session.user()));
            // Fetch the characters now, for the prompt's completion.
            m_session.auth().get(QStringLiteral("/characters"), this, [this, done](const ServiceResult &list) {
                m_session.characters.clear();
                for (const auto &name : list.json.array())
                    m_session.characters << name.toString();
                if (!m_session.characters.isEmpty())
                    print(tr("Your characters: %1").arg(m_session.characters.join(QStringLiteral(", "))));
                done(true);
            });
        });
    };
    m_commands.add({QStringLiteral("login"), QStringLiteral("login <user> [password]"),
                    tr("Log in; without a password on the line, it is asked for without echo."),
                    QStringLiteral("login alice"), 1, 2, [this, login](const QStringList &args, Done done) {
                        if (args.size() == 2)
                            return login(args[0], args[1], done);
                        const QString user = args[0];
                        m_editor.readSecret(tr("Password: "), [login, user, done](const QString &password) {
                            login(user, password, done);
                        });
                    }});

    m_commands.add({QStringLiteral("logout"), QStringLiteral("logout"), tr("Log out."), {}, 0, 0,
                    [this](const QStringList &, Done done) {
                        m_session.auth().get(QStringLiteral("/logout"), this, [this, done](const ServiceResult &) {
                            m_session.clearLogin();
                            print(tr("Logged out."));
                            done(true);
                        });
                    }});

    m_commands.add({QStringLiteral("characters"), QStringLiteral("characters"), tr("List your characters."), {}, 0, 0,
                    [this](const QStringList &, Done done) {
                        m_session.auth().get(QStringLiteral("/characters"), this, [this, done](const ServiceResult &r) {
                            if (!r.ok) {
                                printError(r.error);
                                return done(false);
                            }
                            m_session.characters.clear();
                            for (const auto &name : r.json.array())
                                m_session.characters << name.toString();
                            print(m_session.characters.isEmpty()
                                      ? tr("You have no characters yet: create <name> makes one.")
                                      : m_session.characters.join(QLatin1Char('\n')));
                            done(true);
                        });
                    }});

    m_commands.add({QStringLiteral("create"), QStringLiteral("create <name>"),
                    tr("Create a character (3-32 letters, digits, underscores)."), QStringLiteral("create Groxnor"), 1, 1,
                    [this](const QStringList &args, Done done) {
                        m_session.chars().post(QStringLiteral("/new"), {{QStringLiteral("character_name"), args[0]}}, this,
                                               [this, done](const ServiceResult &r) {
                                                   if (!r.ok) {
                                                       printError(r.error);
                                                       return done(false);
                                                   }
                                                   const QString name = QString::fromUtf8(r.body);
                                                   m_session.characters << name;
                                                   print(tr("Created %1. play %1 enters the world.").arg(name));
                                                   done(true);
                                               });
                    }});

    m_commands.add({QStringLiteral("whoami"), QStringLiteral("whoami"), tr("Show who you are logged in as."), {}, 0, 0,
                    [this](const QStringList &, Done done) {
                        m_session.auth().get(QStringLiteral("/whoami"), this, [this, done](const ServiceResult &r) {
                            if (!r.ok) {
                                printError(r.error);
                                return done(false);
                            }
                            const QJsonObject me = r.object();
                            QStringList roles;
                            for (const auto &role : me.value(QStringLiteral("roles")).toArray())
                                roles << role.toString();
                            print(tr("%1 (roles: %2), session valid until %3")
                                      .arg(me.value(QStringLiteral("name")).toString(),
                                           roles.isEmpty() ? tr("player") : roles.join(QStringLiteral(", ")),
                                           me.value(QStringLiteral("expires")).toString()));
                            done(true);
                        });
                    }});
}

} // namespace smmo::cli
