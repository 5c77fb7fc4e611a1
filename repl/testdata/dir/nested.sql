CREATE USER carol;
\user carol
SELECT current_user() AS me;
