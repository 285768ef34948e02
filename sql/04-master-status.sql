show master status;
